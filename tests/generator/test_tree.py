"""The call tree's rules (generator/tree.py), on small path sets shaped like Twilio's specs."""

from __future__ import annotations

import re
from typing import Any

import pytest

from generator.build import Node, Operation
from generator.tree import (
    TreeBuilder,
    assign_method_names,
    attribute_name,
    call_chain,
    camelize,
    singular,
    underscore,
)


@pytest.mark.parametrize(
    ("mount", "attribute"),
    [
        ("CredentialListMappings", "credential_list_mappings"),
        ("SIP", "sip"),
        (camelize("a2p_brand_registrations"), "a2_p_brand_registrations"),
        (camelize("A2PBrandRegistrations"), "a2_p_brand_registrations"),
        (camelize("lookupOverrides"), "lookup_overrides"),
        ("Type", "type"),  # a builtin stays
        ("Import", "import_"),  # a keyword takes a `_`
    ],
)
def test_attribute_names_are_the_official_spelling(mount: str, attribute: str) -> None:
    assert attribute_name(mount) == attribute


@pytest.mark.parametrize(
    ("plural", "one"),
    [("Services", "Service"), ("Statuses", "Status"), ("Policies", "Policy"), ("SIP", "SIP")],
)
def test_singular(plural: str, one: str) -> None:
    assert singular(plural) == one


def test_underscore_splits_acronyms_before_words() -> None:
    assert underscore("IpAccessControlListMappings") == "ip_access_control_list_mappings"
    assert underscore("PreBuilt") == "pre_built"


def _op(method: str, path: str, operation_id: str, **x_twilio: Any) -> tuple[Operation, Any]:
    op = Operation(
        spec_file="spec.json",
        http_method=method,
        path=path,
        operation_id=operation_id,
        path_params=re.findall(r"\{([^}]+)\}", path),
    )
    if operation_id == "ListService":
        op.page_items_key = "services"  # a paginated list
    raw: dict[str, Any] = {"x-twilio": x_twilio} if x_twilio else {}
    if path.endswith("Overrides/{Field}"):
        raw["parameters"] = [
            {"name": "Field", "in": "path"},
            {"name": "PhoneNumber", "in": "path"},
        ]
    return op, raw


def _chains(root: Node, version: str = "v1") -> set[str]:
    found = set()

    def walk(node: Node) -> None:
        assign_method_names(node)
        for op in node.operations:
            found.add(call_chain("d", version, node, op))
        for child in node.children.values():
            walk(child)
        if node.item:
            walk(node.item)

    walk(root)
    return found


def test_parents_and_placement() -> None:
    tree = TreeBuilder("v1")
    add = tree.add
    add("/v1/Services", {"pathType": "list"}, [_op("GET", "/v1/Services", "ListService")])
    add(
        "/v1/Services/{Sid}",
        {"pathType": "instance"},
        [_op("GET", "/v1/Services/{Sid}", "FetchService")],
    )
    # Nested by `parent`, not by the path: without a parent it hangs on the version.
    add(
        "/v1/Services/{ServiceSid}/Sessions",
        {"pathType": "list", "parent": "/Services/{Sid}"},
        [_op("POST", "/v1/Services/{ServiceSid}/Sessions", "CreateSession")],
    )
    add(
        "/v1/Services/Addresses",
        {"pathType": "list", "mountName": "address_configurations"},
        [_op("POST", "/v1/Services/Addresses", "CreateAddress")],
    )
    # A parent without operations; a context without arguments (a singleton).
    add("/v1/Services/{ServiceSid}/Auth", {"pathType": "list", "parent": "/Services/{Sid}"}, [])
    add(
        "/v1/Services/{ServiceSid}/Auth/Statistics",
        {"pathType": "instance", "parent": "/Services/{ServiceSid}/Auth"},
        [_op("GET", "/v1/Services/{ServiceSid}/Auth/Statistics", "FetchStatistics")],
    )
    # A context without a list, on the version: the list binds nothing, the call both keys;
    # the call takes them in the order the operation declares them.
    add(
        "/v1/PhoneNumbers/{PhoneNumber}/Overrides/{Field}",
        {"mountName": "lookupOverrides"},
        [_op("POST", "/v1/PhoneNumbers/{PhoneNumber}/Overrides/{Field}", "CreateOverride")],
    )
    assert _chains(tree.build()) == {
        "d.v1.services.list",
        "d.v1.services(Sid).fetch",
        "d.v1.services(ServiceSid).sessions.create",
        "d.v1.address_configurations.create",
        "d.v1.services(ServiceSid).auth.statistics.fetch",
        "d.v1.lookup_overrides(Field, PhoneNumber).create",
    }
    statistics = tree.root.children["services"].item.children["auth"].children["statistics"]
    assert statistics.kind == "singleton"  # also callable: `auth.statistics().fetch()`


def test_one_module_for_a_list_and_a_context_of_the_same_class() -> None:
    tree = TreeBuilder("v1")
    x_twilio = {"mountName": "compliance_inquiries", "className": "compliance_inquiries"}
    tree.add(
        "/v1/ComplianceInquiries/Customers/Initialize",
        {**x_twilio, "pathType": "list"},
        [_op("POST", "/v1/ComplianceInquiries/Customers/Initialize", "CreateInquiry")],
    )
    path = "/v1/ComplianceInquiries/Customers/{CustomerId}/Initialize"
    tree.add(path, {**x_twilio, "pathType": "instance"}, [_op("POST", path, "UpdateInquiry")])
    assert _chains(tree.build()) == {
        "d.v1.compliance_inquiries.create",
        "d.v1.compliance_inquiries(CustomerId).update",
    }


def test_a_versionless_product_addresses_one_entity() -> None:
    tree = TreeBuilder("versionless", versionless=True)
    path = "/Organizations/{OrganizationSid}/Accounts"
    tree.add(path, {}, [_op("GET", path, "ListOrganizationAccounts")])
    tree.add(path + "/{AccountSid}", {}, [_op("GET", path + "/{AccountSid}", "FetchAccount")])
    assert _chains(tree.build(), "versionless") == {
        "d.versionless.organization(OrganizationSid).accounts.fetch",
        "d.versionless.organization(OrganizationSid).accounts(AccountSid).fetch",
    }
