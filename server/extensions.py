"""Extension objects, created unbound and attached to the app in `create_app`."""
from __future__ import annotations

from flask_limiter import Limiter
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from server.models_base import Base
from server.network import client_ip
from server.reading import RequestSession

db = SQLAlchemy(model_class=Base, session_options={"class_": RequestSession})
csrf = CSRFProtect()
limiter = Limiter(key_func=client_ip, default_limits=[])
