app_name = "ecosystem"
urlpatterns: list = []
