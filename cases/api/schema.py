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


def describe_filter_parameters(result, generator, request, public):
    texts = _help_texts()
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if not parameter.get("description") and parameter.get("name") in texts:
                    parameter["description"] = texts[parameter["name"]]
    return result
