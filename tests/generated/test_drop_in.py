"""Drop-in for real: every call path of the official library's client works on ours.

tests/official_tree.py walks the installed official library (client shortcuts, domains,
versions, lists, contexts, sub-resources) and records the request each path sends. Each path
whose request is an operation of our vendored spec is replayed here on our `Client` (contexts
addressed by the official keywords) and on our `AsyncClient` (addressed positionally), with
the same arguments passed positionally in the official order; the request on the wire must be
the same. `python tests/official_tree.py -v --outside` prints the figures and every exclusion.
"""

from __future__ import annotations

import pytest
from official_tree import CallPath, Outcome, compared_paths, drift, replay, walk_official

PATHS = compared_paths()

# Paths the official library builds from a newer spec than our vendored one; the request
# exists in ours under another path or keyword (`account_default_configuration("Recording")`,
# `users(user_sid)`). Listed one by one so that no other path can hide here.
KNOWN_DRIFT = {
    "client.voice.v2.recording_account_default_configuration().create",
    "client.voice.v2.recording_account_default_configuration().fetch",
    "client.voice.v2.recording_account_default_configuration().update",
    "client.voice.v2.recording_account_default_configuration().delete",
    "client.preview_iam.organization('organization_sid-0').users('id-0').fetch",
    "client.preview_iam.organization('organization_sid-0').users('id-0').update",
    "client.preview_iam.organization('organization_sid-0').users('id-0').delete",
    "client.preview_iam.organization('organization_sid-0').role_assignments('sid-0').delete",
}


def test_the_walk_reaches_the_whole_official_tree() -> None:
    paths = walk_official()
    # Guards the walker itself: a change that stops it early would shrink what is compared.
    assert len(paths) > 6000
    assert len(PATHS) > 0.97 * len(paths)
    assert all(p.official_error is None for p in paths), "the official library failed a call"


def test_only_requests_outside_our_spec_are_excluded() -> None:
    compared = {id(p) for p in PATHS}
    excluded = [p for p in walk_official() if id(p) not in compared]
    for path in excluded:
        assert path.operation is None or drift(path), path.name


@pytest.mark.parametrize("twin", ["sync", "async"])
@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_official_call_path_works_on_our_client(path: CallPath, twin: str) -> None:
    outcome = replay(path, use_async=twin == "async")
    # "official-fault": the official library sends a request its spec does not describe (it
    # drops header parameters from DELETE, or repeats them in a list's query string); ours
    # sends the spec's request and is otherwise the same.
    if path.name in KNOWN_DRIFT:
        assert outcome.stage == "drift", outcome.problem
        return
    assert outcome.stage in ("ok", "official-fault"), "\n".join(
        [f"{outcome.stage}: {outcome.problem}", *outcome.details]
    )


# Every official variant of every compared path: `create_async`, `create_with_http_info` and
# `create_with_http_info_async` (and `list_…`, `stream_…`, `page_…`, `get_page_async`) on our
# Client, and the awaitable `*_with_http_info` on our AsyncClient.
VARIANTS = [(path, variant) for path in PATHS for variant in path.variants]
ASYNC_CLIENT_VARIANTS = [(p, v) for p, v in VARIANTS if v.endswith("_with_http_info")]


def test_the_walk_finds_the_official_variants() -> None:
    names = {variant.removeprefix(path.method) for path, variant in VARIANTS}
    assert names == {"_async", "_with_http_info", "_with_http_info_async"}
    assert len(VARIANTS) > 2.5 * len(PATHS) * 0.9  # most paths have all three


def _expect(outcome: Outcome, path: CallPath) -> None:
    if path.name in KNOWN_DRIFT:
        assert outcome.stage == "drift", outcome.problem
        return
    assert outcome.stage in ("ok", "official-fault"), "\n".join(
        [f"{outcome.stage}: {outcome.problem}", *outcome.details]
    )


@pytest.mark.parametrize(
    ("path", "variant"), VARIANTS, ids=[f"{p.name}{v.removeprefix(p.method)}" for p, v in VARIANTS]
)
def test_official_variant_works_on_our_client(path: CallPath, variant: str) -> None:
    _expect(replay(path, variant=variant), path)


@pytest.mark.parametrize(
    ("path", "variant"),
    ASYNC_CLIENT_VARIANTS,
    ids=[f"{p.name}{v.removeprefix(p.method)}" for p, v in ASYNC_CLIENT_VARIANTS],
)
def test_with_http_info_works_on_our_async_client(path: CallPath, variant: str) -> None:
    _expect(replay(path, use_async=True, variant=variant), path)
