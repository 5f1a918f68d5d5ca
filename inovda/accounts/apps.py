from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "inovda.accounts"
    label = "accounts"
