"""Every API schema has its own name: django-ninja files response and input schemas under their class
name in the OpenAPI components, so two apps each with an `ExportOut` had one described with the
other's fields (the fuzzing found an export answer "violating" the health export's schema)."""

from collections import defaultdict

from ninja import Schema

from entrepairs.api.api import api


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_api_schema_class_names_are_unique():
    api.get_openapi_schema()  # every router mounted, every schema imported
    seen = defaultdict(set)
    for schema in _subclasses(Schema):
        if schema.__module__.startswith("entrepairs."):
            seen[schema.__name__].add(schema.__module__)
    assert {name: modules for name, modules in seen.items() if len(modules) > 1} == {}
