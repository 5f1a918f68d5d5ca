from django.contrib import admin

from .models import Attachment, Innovation, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "position"]
    list_filter = ["kind"]


@admin.register(Innovation)
class InnovationAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "pemda", "stage", "status", "year"]
    list_filter = ["status", "stage", "form"]
    search_fields = ["name"]
    raw_id_fields = ["agency", "pemda", "main_affair", "created_by"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "innovation", "kind", "size", "created_at"]
    raw_id_fields = ["innovation", "uploaded_by"]
