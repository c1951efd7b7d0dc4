from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fyr.core"
    label = "core"
