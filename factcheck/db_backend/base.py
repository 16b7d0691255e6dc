from django.conf import settings
from django.db.backends.postgresql import base

from factcheck import embedded_postgres


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        params["host"] = embedded_postgres.socket_dir(settings.EMBEDDED_POSTGRES_DIR)
        return params
