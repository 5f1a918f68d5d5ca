"""The OpenAPI document tells every status the API really answers, not only the happy one.

Each operation gets, besides its own 2xx: 401 (no or wrong credentials), 403 (role, or an
administrator's session without its second factor), 406 (an Accept header the API cannot
answer), 413 (a body over the request-size limit, refused before parsing), and where they
apply 400 (validation: an object of field errors, a list of messages, or {"detail"} for a
malformed body or filter), 404 (an object outside the user's scope, no such object, or a
page past the last) and
415 (a body in a media type the operation does not take).
"""

from drf_spectacular.authentication import BasicScheme
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
INVALID = {
    "anyOf": [
        {"type": "object", "additionalProperties": True},
        {"type": "array", "items": {"type": "string"}},
    ]
}


class InovdaBasicScheme(BasicScheme):
    """Basic auth (refused for accounts that need a second factor) in the document."""

    target_class = "inovda.accounts.authentication.BasicAuthentication"


class InovdaAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = {"401": DETAIL, "403": DETAIL, "406": DETAIL, "413": DETAIL}
        has_body = self.method in ("POST", "PUT", "PATCH")
        if has_body or (self._is_list_view() and not self._is_detail()):
            errors["400"] = INVALID
        if has_body:
            errors["415"] = DETAIL
        if "{" in self.path or self._get_paginator() is not None:
            errors["404"] = DETAIL  # out of scope / no such object; a page past the last
        for code, schema in sorted(errors.items()):
            responses.setdefault(code, self._get_response_for_code(schema, code))
        return responses

    def _is_detail(self) -> bool:
        return bool(getattr(self.view, "detail", False)) or "{" in self.path

    # A detail route that answers a list (transitions, reports) is neither paginated nor
    # filtered: only the collection is.
    def _get_paginator(self):
        return None if self._is_detail() else super()._get_paginator()

    def get_filter_backends(self):
        return [] if self._is_detail() else super().get_filter_backends()

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (
            direction == "request"
            and isinstance(field, serializers.CharField)
            and not field.allow_blank
            and not field.read_only
            and schema.get("type") == "string"
            and "minLength" not in schema
            and "enum" not in schema
        ):
            schema["minLength"] = 1  # a blank value is refused, as the schema now says
        return schema


def add_links(result, generator, request, public):
    """OpenAPI links from each collection's 201 to the operations on the new object (by its
    id): what a client (and the stateful fuzzer) follows after creating something."""
    paths = result.get("paths", {})
    for collection, operations in paths.items():
        created = operations.get("post", {}).get("responses", {}).get("201")
        if created is None:
            continue
        links = {}
        for path, item in paths.items():
            if not path.startswith(collection + "{id}/"):
                continue
            for operation in item.values():
                if "operationId" in operation:
                    links[operation["operationId"]] = {
                        "operationId": operation["operationId"],
                        "parameters": {"id": "$response.body#/id"},
                    }
        if links:
            created["links"] = links
    return result
