"""DNS rebinding at the websocket: a script run asked for under a foreign Host sends no customer to the client.

A rebinding page talks to Streamlit's websocket, not to the HTML: it opens /_stcore/stream with its own name as
Host (and the matching Origin, so Streamlit's same-origin check passes) and asks for a run the way the browser
does. The test does exactly that against a real server and reads every message back; the same exchange under
127.0.0.1 shows the customers, so the check can fail.
"""

from __future__ import annotations

import http.client
import socket
import time

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.support.browser import helpers
from tests.support.sample import SAMPLE_TODAY, make_sample

RUN_SECONDS = 90  # a first run reads the workbook; a loaded CI machine is slow
LINGER_SECONDS = 3  # what a refused run might still send after it says it finished


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("host-websocket")
    book = make_sample(home / "sample.xlsx", "zh")
    running = helpers.start_server(book, SAMPLE_TODAY, home / "home")
    yield running, book
    running.stop()


def _port(server) -> int:
    return int(server.url.rsplit(":", 1)[1])


def _run_over_websocket(port: int, host: str, page: str) -> list[bytes]:
    """Every ForwardMsg (serialised) of one script run asked for as a browser would, under `host`."""
    sock = socket.create_connection(("127.0.0.1", port))
    origin = f"http://{host}:{port}"
    with connect(
        f"ws://{host}:{port}/_stcore/stream",  # the Host header says `host`; the socket goes to this machine
        sock=sock,
        origin=origin,
        subprotocols=["streamlit"],
        proxy=None,
        max_size=None,
        open_timeout=30,
    ) as ws:
        rerun = BackMsg()
        rerun.rerun_script.query_string = ""
        rerun.rerun_script.page_name = page
        rerun.rerun_script.context_info.timezone = "Asia/Shanghai"
        rerun.rerun_script.context_info.locale = "zh-CN"
        rerun.rerun_script.context_info.url = f"{origin}/{page}"
        ws.send(rerun.SerializeToString())
        return _collect(ws)


def _collect(ws) -> list[bytes]:
    received: list[bytes] = []
    deadline = time.monotonic() + RUN_SECONDS
    while time.monotonic() < deadline:
        try:
            data = ws.recv(timeout=max(0.1, deadline - time.monotonic()))
        except (TimeoutError, ConnectionClosed):
            break
        received.append(data)
        msg = ForwardMsg()
        msg.ParseFromString(data)
        if msg.WhichOneof("type") == "script_finished":
            deadline = min(deadline, time.monotonic() + LINGER_SECONDS)
    return received


def _customers(book) -> tuple[list[str], list[str]]:
    rows = helpers.sheet_rows(book, "customers")
    names = [str(r["name"]) for r in rows if r.get("name")]
    phones = [str(r["phone"]) for r in rows if r.get("phone")]
    return names, phones


def _found(messages: list[bytes], words: list[str]) -> list[str]:
    # protobuf strings and Arrow tables both carry text as UTF-8 bytes: a name anywhere in a delta is found
    blob = b"\n".join(messages)
    return [w for w in words if w.encode("utf-8") in blob]


def _deltas(messages: list[bytes]) -> int:
    count = 0
    for data in messages:
        msg = ForwardMsg()
        msg.ParseFromString(data)
        count += msg.WhichOneof("type") == "delta"
    return count


@pytest.mark.parametrize("page", ["due", "hot"])
def test_a_run_asked_for_under_a_foreign_host_sends_no_customer_name_or_phone(server, page):
    running, book = server
    messages = _run_over_websocket(_port(running), "evil.example", page)
    names, phones = _customers(book)
    assert _deltas(messages) > 0  # the refusal itself came: the run did happen
    assert _found(messages, names) == []
    assert _found(messages, phones) == []


def test_the_same_run_under_this_machines_address_sends_the_customers(server):
    running, book = server
    messages = _run_over_websocket(_port(running), "127.0.0.1", "due")
    names, phones = _customers(book)
    assert _found(messages, names) != []
    assert _found(messages, phones) != []


def test_streamlits_agent_api_under_a_foreign_host_runs_nothing(server):
    # the other way in without a browser (Streamlit's agent API, off unless server.enableAgentApi): it must stay off
    running, book = server
    conn = http.client.HTTPConnection("127.0.0.1", _port(running), timeout=60)
    conn.request(
        "POST",
        "/_stcore/agent/interact",
        body=b'{"page": "due"}',
        headers={"Host": f"evil.example:{_port(running)}", "Content-Type": "application/json"},
    )
    answer = conn.getresponse()
    body = answer.read()
    conn.close()
    names, phones = _customers(book)
    assert answer.status != 200
    assert _found([body], names + phones) == []
