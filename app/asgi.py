"""ASGI entry point for uvicorn: ``uvicorn app.asgi:app``."""

from app.core.config import get_settings
from app.core.logging import configure
from app.main import create_app

configure(get_settings().log_level)
app = create_app()
