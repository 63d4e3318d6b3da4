"""OpenAPI post-processing: every filter parameter carries its FilterSet help text."""

from cases import filtersets


def _help_texts() -> dict[str, str]:
    texts = {}
    for filterset in (
        filtersets.CaseFilterSet, filtersets.SentenceFilterSet, filtersets.PersonFilterSet,
        filtersets.OrganizationFilterSet, filtersets.AgencyFilterSet, filtersets.StatuteFilterSet,
        filtersets.ChargeFilterSet, filtersets.SourceFilterSet, filtersets.DistrictFilterSet,
        filtersets.DefendantFilterSet,
    ):  # fmt: skip
        for name, declared in filterset.base_filters.items():
            if declared.extra.get("help_text"):
                texts.setdefault(name, str(declared.extra["help_text"]))
    return texts


PATH_PARAMETERS = {
    "id": "Stable numeric identifier of the record.",
    "fmt": "Export format: csv, ndjson or json.",
    "format": "Response format (json or api).",
}


def describe_filter_parameters(result, generator, request, public):
    texts = {**PATH_PARAMETERS, **_help_texts()}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if not parameter.get("description") and parameter.get("name") in texts:
                    parameter["description"] = texts[parameter["name"]]
    return result


GENERIC_DESCRIPTIONS = {
    "id": "Stable numeric identifier of the record.",
    "url": "API address of the record.",
    "next": "Address of the next page, or null on the last.",
    "previous": "Address of the previous page, or null on the first.",
    "results": "The records of this page.",
    "token": "Your API token: send it as 'Authorization: Token <key>'.",
    "username": "Your user name.",
    "password": "Your password.",
}


def describe_generic_properties(result, generator, request, public):
    """Common properties (ids, pagination, tokens) get a description wherever they appear."""
    for component in result.get("components", {}).get("schemas", {}).values():
        for name, schema in (component.get("properties") or {}).items():
            if not schema.get("description") and name in GENERIC_DESCRIPTIONS:
                schema["description"] = GENERIC_DESCRIPTIONS[name]
    return result
