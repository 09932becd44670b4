# Any process that imports an events module registers the read model's refresh with the unit of work
# (app/events/readmodel.py): no write can commit without bringing the stored documents up to date.
from app.events import readmodel as _readmodel  # noqa: F401
