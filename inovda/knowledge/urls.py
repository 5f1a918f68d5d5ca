from django.urls import path

from . import views

app_name = "knowledge"
urlpatterns = [
    path("", views.search, name="search"),
    path("similar/", views.similar_panel, name="similar"),
    path("agencies/", views.agency_options, name="agency_options"),
    path("synonyms/", views.synonym_list, name="synonym_list"),
    path("synonyms/<int:pk>/delete/", views.synonym_delete, name="synonym_delete"),
    path("innovations/<int:pk>/similar/", views.similar_for, name="similar_for"),
    # Events
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/report.pdf", views.event_report_pdf, name="event_report_pdf"),
    path("events/<int:pk>/delete/", views.event_delete, name="event_delete"),
    path("events/<int:pk>/speakers/", views.speaker_add, name="speaker_add"),
    path("speakers/<int:pk>/delete/", views.speaker_remove, name="speaker_remove"),
    path("events/<int:pk>/participants/", views.participant_add, name="participant_add"),
    path(
        "participants/<int:pk>/attendance/",
        views.participant_attendance,
        name="participant_attendance",
    ),
    path("participants/<int:pk>/delete/", views.participant_remove, name="participant_remove"),
    path("events/<int:pk>/actions/", views.action_add, name="action_add"),
    path("events/<int:pk>/documents/", views.event_document_upload, name="event_document_upload"),
    path(
        "event-documents/<int:pk>/", views.event_document_download, name="event_document_download"
    ),
    path(
        "event-documents/<int:pk>/delete/",
        views.event_document_remove,
        name="event_document_remove",
    ),
    path("actions/", views.action_list, name="action_list"),
    path("actions/<int:pk>/", views.action_update, name="action_update"),
    path("actions/<int:pk>/delete/", views.action_remove, name="action_remove"),
    # Lessons learned
    path("lessons/", views.lesson_list, name="lesson_list"),
    path("innovations/<int:pk>/lessons/new/", views.lesson_create, name="lesson_create"),
    path("lessons/<int:pk>/", views.lesson_detail, name="lesson_detail"),
    path("lessons/<int:pk>/edit/", views.lesson_edit, name="lesson_edit"),
    path("lessons/<int:pk>/delete/", views.lesson_delete, name="lesson_delete"),
    # Library
    path("library/", views.library_list, name="library_list"),
    path("library/new/", views.library_create, name="library_create"),
    path("library/<int:pk>/", views.library_detail, name="library_detail"),
    path("library/<int:pk>/edit/", views.library_edit, name="library_edit"),
    path("library/<int:pk>/delete/", views.library_delete, name="library_delete"),
    path("library/<int:pk>/versions/", views.library_version_upload, name="library_version_upload"),
    path(
        "library/versions/<int:pk>/",
        views.library_version_download,
        name="library_version_download",
    ),
    # Replication
    path("replications/", views.replication_list, name="replication_list"),
    path("innovations/<int:pk>/replicate/", views.replication_create, name="replication_create"),
    path("innovations/<int:pk>/lineage/", views.lineage, name="lineage"),
    path("replications/<int:pk>/", views.replication_detail, name="replication_detail"),
    path("replications/<int:pk>/edit/", views.replication_edit, name="replication_edit"),
    path(
        "replications/<int:pk>/agreement/",
        views.replication_agreement,
        name="replication_agreement",
    ),
    path("replications/<int:pk>/delete/", views.replication_delete, name="replication_delete"),
]
