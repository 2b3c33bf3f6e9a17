"""Model instances made from database rows without going through `Model.__init__`.

A thread page turns about 110 rows into instances (50 posts, their authors, the thread, its
space...), a thread list about 120. `Model.__init__` sends the pre_init and post_init signals, makes
the instance's state and sets each field through `setattr` and its descriptor: about 6 µs an
instance, 3 µs of it for what this does in 2 µs. Django documents `from_db` as the hook for
customising how rows become instances, and makes instances without `__init__` itself when it
unpickles them.

What the fast path skips is what a row from the database does not need: no signal receiver is
listening (checked at every call: a receiver connected later, such as an ImageField's dimensions,
sends the row back through Django's way), and the descriptors of these models' fields only store the
value in the instance's `__dict__` when the instance is new (foreign keys' ids, files). A model whose
fields carry another kind of descriptor, or which defines its own `__init__`, keeps Django's way
(`_quick` checks it once per model)."""

import inspect

from django.db.models import Model
from django.db.models.base import ModelState
from django.db.models.fields.files import FileDescriptor
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.signals import post_init, pre_init

# Data descriptors whose __set__ on a new instance only stores the value in its __dict__.
_STORING_DESCRIPTORS = (FileDescriptor, ForeignKeyDeferredAttribute)

_checked: dict[type, bool] = {}


def _quick(model: type) -> bool:
    """Whether `model`'s rows can skip __init__: no __init__ of its own, and every field's class
    attribute either a plain value holder or one of the descriptors above."""
    found = _checked.get(model)
    if found is None:
        found = model.__init__ is Model.__init__ and all(
            not hasattr(type(descriptor := inspect.getattr_static(model, field.attname, None)), "__set__")
            or isinstance(descriptor, _STORING_DESCRIPTORS)
            for field in model._meta.concrete_fields
        )
        _checked[model] = found
    return found


class QuickFromDb:
    """Mixin for models read on every page: `from_db` without `Model.__init__` (see above)."""

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        if (
            not isinstance(field_names, list | tuple)  # names and values aligned, as the ORM passes them
            or not _quick(cls)
            or pre_init.has_listeners(cls)
            or post_init.has_listeners(cls)
        ):
            return super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        new = cls.__new__(cls)
        attributes = new.__dict__
        attributes["_state"] = state = ModelState()
        state.adding, state.db = False, db
        if fetch_mode is not None:
            state.fetch_mode = fetch_mode
        attributes.update(zip(field_names, values, strict=True))
        return new
