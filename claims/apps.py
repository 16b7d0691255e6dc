from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Fact-checking"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from claims.user_language import remember_language

        user_logged_in.connect(remember_language, dispatch_uid="claims.remember_language")
