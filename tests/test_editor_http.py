"""`kort serve` over plain HTTP: the rules that keep a local editor safe (its own address only,
a token for every change, nothing read or written outside the pack, capped uploads), saving
that keeps the file's comments and never overwrites changes made elsewhere, and a server that
survives bad requests and stops cleanly on Ctrl-C."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import api, serve

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00"
    b"\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)


class Client:
    """Requests to the editor's server, with the Host and token a page would send unless told otherwise."""

    def __init__(self, running: serve.Running):
        self.port = running.server.server_address[1]
        self.token = running.editor.token

    def request(self, method, path, body=None, headers=None, host=None, token=True):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": host or f"127.0.0.1:{self.port}"}
        if token and method != "GET":
            sent["X-Kort-Token"] = self.token
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        sent.update(headers or {})
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in sent.items():
            conn.putheader(name, value)
        if body is not None and "Content-Length" not in sent:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders()
        if body:
            conn.send(body)
        response = conn.getresponse()
        data = response.read()
        conn.close()
        return response.status, data, response

    def json(self, method, path, body=None, **kw):
        status, data, _ = self.request(method, path, body, **kw)
        return status, json.loads(data)


@pytest.fixture
def pack(editor_pack) -> Path:
    return editor_pack


@pytest.fixture
def running(running_editor):
    return running_editor


@pytest.fixture
def client(running) -> Client:
    return Client(running)


def state(client):
    status, data = client.json("GET", "/api/state")
    assert status == 200
    return data


# ---------------------------------------------------------------- its own address, its own page


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:{port}", "127.0.0.1", "127.0.0.2:{port}", "", "[::1]:{port}"]
)
def test_a_request_for_another_host_is_refused_against_dns_rebinding(client, host):
    status, data, _ = client.request("GET", "/api/state", host=host.format(port=client.port) or " ")
    assert status == 403
    assert "own address" in json.loads(data)["error"]


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}"])
def test_the_server_answers_to_127_0_0_1_and_localhost_on_its_port(client, host):
    status, data, response = client.request("GET", "/", host=host.format(port=client.port))
    assert status == 200
    assert client.token in data.decode()
    assert "script-src 'self'" in response.getheader("Content-Security-Policy")
    assert response.getheader("X-Frame-Options") == "DENY"


def test_it_listens_on_127_0_0_1_only(running):
    assert running.server.server_address[0] == "127.0.0.1"


def test_the_page_loads_nothing_from_outside(client):
    _status, html, _ = client.request("GET", "/")
    for name in ("app.js", "style.css", "i18n.json"):
        status, body, _ = client.request("GET", f"/static/{name}")
        assert status == 200
        assert not re.search(rb"https?://(?!127\.0\.0\.1|localhost|www\.example)", body), name
    assert not re.search(rb"(src|href)=\"(https?:)?//", html)


def test_the_page_is_in_the_language_the_browser_asks_for():
    assert serve.page_language("sv-SE,sv;q=0.9,en;q=0.8") == "sv"
    assert serve.page_language("da") == "da"
    assert serve.page_language("de-DE,da;q=0.7,en;q=0.5") == "da"
    assert serve.page_language("nb-NO") == "en"
    assert serve.page_language("") == "en"


# ---------------------------------------------------------------- a token for every change


@pytest.mark.parametrize("path", ["/api/save", "/api/preview", "/api/upload?name=logo.png", "/api/new", "/api/create"])
def test_a_change_without_the_token_is_refused(client, path):
    status, data, _ = client.request("POST", path, b"{}", token=False)
    assert status == 403
    status, data, _ = client.request("POST", path, b"{}", token=False, headers={"X-Kort-Token": "guess"})
    assert status == 403


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_changing_methods_need_the_token_too(client, method):
    assert client.request(method, "/api/save", b"{}", token=False)[0] == 403
    assert client.request(method, "/api/save", b"{}")[0] == 405


def test_a_change_sent_from_another_site_is_refused_even_with_the_token(client):
    status, _data, _ = client.request("POST", "/api/save", b"{}", headers={"Origin": "http://evil.example"})
    assert status == 403


def test_a_refused_save_writes_nothing(client, pack):
    path = pack / "sv" / "mingel.yaml"
    before = path.read_bytes()
    file = state(client)["files"]["sv/mingel.yaml"]
    body = {"files": {"sv/mingel.yaml": {"data": {"kind": "deck", "title": "X"}, "version": file["version"]}}}
    assert client.request("POST", "/api/save", body, token=False)[0] == 403
    assert path.read_bytes() == before


# ---------------------------------------------------------------- nothing outside the pack


@pytest.mark.parametrize(
    "path",
    [
        "/static/../serve.py",
        "/static/..%2fserve.py",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/static/index.html/../../serve.py",
        "/../../../../etc/passwd",
        "/api/asset?path=../../../etc/passwd",
        "/api/asset?path=/etc/passwd",
        "/api/asset?path=sv/../../secret.png",
        "/api/asset?path=%2e%2e/secret.png",
        "/api/file?path=../secret.yaml",
        "/api/file?path=/etc/passwd",
    ],
)
def test_paths_out_of_the_pack_or_the_editor_are_refused(client, path):
    status, data, _ = client.request("GET", path)
    assert status in (403, 404), (path, status)
    assert b"root:" not in data and b"[project]" not in data


def test_a_link_out_of_the_pack_is_not_followed(client, pack, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(PNG)
    (pack / "sv" / "logo.png").symlink_to(secret)
    (pack / "sv" / "other.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    (tmp_path / "elsewhere.yaml").write_text("kind: deck\ntitle: x\nquestions: [a]\n")
    assert client.request("GET", "/api/asset?path=sv/logo.png")[0] == 403
    assert "sv/other.yaml" not in state(client)["files"]
    status, _data, _ = client.request("POST", "/api/save", {"files": {"sv/other.yaml": {"text": "x", "version": ""}}})
    assert status == 404
    assert (tmp_path / "elsewhere.yaml").read_text().startswith("kind: deck")


def test_only_files_of_the_pack_can_be_saved(client, tmp_path):
    for rel in ("../evil.yaml", "sv/../../evil.yaml", "/tmp/evil.yaml", "sv/new.yaml"):
        status, _data, _ = client.request("POST", "/api/save", {"files": {rel: {"text": "x", "version": ""}}})
        assert status in (403, 404), rel
    assert not (tmp_path / "evil.yaml").exists()
    assert not Path("/tmp/evil.yaml").exists()


def test_a_picture_of_the_pack_is_served_as_a_picture_and_nothing_else(client, pack):
    (pack / "sv" / "logo.png").write_bytes(PNG)
    status, data, response = client.request("GET", "/api/asset?path=sv/logo.png")
    assert status == 200 and data == PNG and response.getheader("Content-Type") == "image/png"
    assert "sandbox" in response.getheader("Content-Security-Policy")
    assert client.request("GET", "/api/asset?path=sv/mingel.yaml")[0] == 403


# ---------------------------------------------------------------- uploads


def test_an_upload_larger_than_the_cap_is_refused_with_413(client, pack):
    big = b"\x89PNG\r\n\x1a\n" + b"\0" * (serve.MAX_UPLOAD + 1)
    status, data = client.json("POST", "/api/upload?name=big.png&beside=sv/branding.yaml", big)
    assert status == 413
    assert "5 MB" in data["error"]
    assert not list((pack / "sv").glob("big*"))
    assert client.request("GET", "/")[0] == 200


def test_an_upload_claiming_to_be_too_large_is_refused_without_reading_it(client):
    status, _data, _ = client.request(
        "POST", "/api/upload?name=x.png", b"", headers={"Content-Length": str(10 * serve.MAX_UPLOAD)}
    )
    assert status == 413


@pytest.mark.parametrize(
    "name, body, why",
    [
        ("logo.png", b"MZ\x90\x00 not a picture", "PNG, JPG or SVG"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "scripts"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "scripts"),
        (
            "logo.svg",
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><svg>&e;</svg>',
            "DOCTYPE",
        ),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>', "refers to"),
        ("logo.png", b"\x89PNG\r\n\x1a\n broken", "cannot be read"),
    ],
)
def test_an_upload_is_checked_like_a_logo(client, pack, name, body, why):
    status, data = client.json("POST", f"/api/upload?name={name}&beside=sv/branding.yaml", body)
    assert status in (415, 422)
    assert why in data["error"]
    assert sorted(p.name for p in (pack / "sv").iterdir()) == ["branding.yaml", "mingel.yaml"]


def test_a_logo_is_saved_inside_the_pack_under_a_plain_name(client, pack):
    status, data = client.json("POST", "/api/upload?name=..%2F..%2FV%C3%A5r%20Logga.PNG&beside=sv/branding.yaml", PNG)
    assert status == 200
    assert data == {"logo": "var-logga.png", "rel": "sv/var-logga.png"}
    assert (pack / "sv" / "var-logga.png").read_bytes() == PNG
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    status, data = client.json("POST", "/api/upload?name=logo.svg&beside=sv/branding.yaml", svg)
    assert status == 200 and data["logo"] == "logo.svg"


def test_questions_can_be_imported_from_a_csv_or_xlsx_column(client):
    csv = "Nr;Fråga\n1;Vad är tillit för dig?\n2;Hur gör ni när det blir svårt?\n".encode("cp1252")
    status, data = client.json("POST", "/api/import?name=fragor.csv", csv)
    assert status == 200
    assert data["columns"][1] == ["Fråga", "Vad är tillit för dig?", "Hur gör ni när det blir svårt?"]
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Spørgsmål"])
    book.active.append(["Hvad betyder tillid for dig?"])
    buffer = io.BytesIO()
    book.save(buffer)
    status, data = client.json("POST", "/api/import?name=sp.xlsx", buffer.getvalue())
    assert status == 200 and data["columns"] == [["Spørgsmål", "Hvad betyder tillid for dig?"]]
    assert client.json("POST", "/api/import?name=old.xls", b"\xd0\xcf\x11\xe0rest")[0] == 415


# ---------------------------------------------------------------- saving


def test_a_save_keeps_the_files_comments_order_and_mode(client, pack):
    path = pack / "sv" / "branding.yaml"
    path.chmod(0o604)
    original = path.read_text(encoding="utf-8")
    file = state(client)["files"]["sv/branding.yaml"]
    data = dict(file["data"], organisation="Ekby kommun", contact="https://ekby.se/samverkan")
    data["colours"] = {"primary": "#1F5C7A", "secondary": "#2B5C9E"}
    status, saved = client.json(
        "POST", "/api/save", {"files": {"sv/branding.yaml": {"data": data, "version": file["version"]}}}
    )
    assert status == 200
    text = path.read_text(encoding="utf-8")
    expected = (
        original.replace("organisation: Vår kommun   ", "organisation: Ekby kommun  ")
        .replace('  # secondary: "#4A7A8C"', '  secondary: "#2B5C9E"')
        .replace("# contact: https://www.example.se/samverkan", "contact: https://ekby.se/samverkan")
    )
    assert text == expected  # only the changed values changed; every comment and blank line stays
    assert path.stat().st_mode & 0o777 == 0o604
    assert saved["files"]["sv/branding.yaml"]["data"] == data
    data.pop("contact")
    version = saved["files"]["sv/branding.yaml"]["version"]
    client.json("POST", "/api/save", {"files": {"sv/branding.yaml": {"data": data, "version": version}}})
    assert "# contact: https://ekby.se/samverkan" in path.read_text(encoding="utf-8").splitlines()


def test_a_save_over_a_file_changed_elsewhere_is_refused_with_409(client, pack):
    path = pack / "sv" / "mingel.yaml"
    file = state(client)["files"]["sv/mingel.yaml"]
    elsewhere = path.read_text(encoding="utf-8").replace("category: Tillit", "category: Förtroende")
    path.write_text(elsewhere, encoding="utf-8")
    data = dict(file["data"], title="Mitt namn")
    status, body = client.json(
        "POST", "/api/save", {"files": {"sv/mingel.yaml": {"data": data, "version": file["version"]}}}
    )
    assert status == 409
    assert body["conflicts"]["sv/mingel.yaml"]["data"]["questions"][1]["category"] == "Förtroende"
    assert path.read_text(encoding="utf-8") == elsewhere
    status, merged = client.json("POST", "/api/merge", {"file": "sv/mingel.yaml", "base": file["data"], "mine": data})
    assert status == 200 and merged["conflicts"] == []
    assert merged["file"]["data"]["title"] == "Mitt namn"
    assert merged["file"]["data"]["questions"][1]["category"] == "Förtroende"


def test_a_change_made_elsewhere_wakes_the_page_waiting_for_changes(client, running, pack):
    generation = state(client)["generation"]
    path = pack / "sv" / "mingel.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  - Ny fråga från textredigeraren?\n", encoding="utf-8")
    started = time.monotonic()
    status, changes = client.json("GET", f"/api/changes?since={generation}&timeout=10")
    assert status == 200 and changes["changed"] == ["sv/mingel.yaml"]
    assert time.monotonic() - started < 5
    status, quiet = client.json("GET", f"/api/changes?since={changes['generation']}&timeout=0.2")
    assert quiet["changed"] == [] and quiet["generation"] == changes["generation"]


def test_a_save_is_not_reported_back_as_a_change_made_elsewhere(client, running, pack):
    file = state(client)["files"]["sv/mingel.yaml"]
    data = dict(file["data"], title="Nytt namn")
    client.json("POST", "/api/save", {"files": {"sv/mingel.yaml": {"data": data, "version": file["version"]}}})
    running.editor.workspace.poll()
    status, quiet = client.json("GET", f"/api/changes?since={state(client)['generation']}&timeout=0.5")
    assert quiet["changed"] == []


# ---------------------------------------------------------------- the preview


def test_the_preview_draws_the_unsaved_question_and_reports_one_too_long_at_its_key(client, pack):
    file = state(client)["files"]["sv/mingel.yaml"]
    data = json.loads(json.dumps(file["data"]))
    data["questions"].append({"text": "Vad gör er arbetsplats bra?"})
    body = {"deck": "sv/mingel.yaml", "files": {"sv/mingel.yaml": {"data": data}}, "target": {"question": 2}}
    status, preview = client.json("POST", "/api/preview", body)
    assert status == 200 and preview["problems"] == []
    assert preview["card"] == {"id": "vad-gor-er-arbetsplats-bra", "number": 21, "count": 21}
    assert preview["images"]["front"].startswith("data:image/png;base64,")
    data["questions"][2]["text"] = "Berätta om ett möte som gick bra och varför. " * 60
    status, preview = client.json("POST", "/api/preview", body)
    assert status == 200 and preview["images"] is None
    [problem] = preview["problems"]
    assert problem["file"] == "sv/mingel.yaml" and problem["key"] == "questions[2]"
    assert "does not fit on the card (a7, 74 x 105 mm)" in problem["message"]


def test_problems_name_the_field_they_belong_to(client):
    data = state(client)["files"]["sv/mingel.yaml"]["data"]
    data["questions"][0]["principle"] = "barnperpektiv"
    data["questions"][1]["colour"] = "#000000"
    data["questions"].append({"id": "var-egen-fraga", "text": "Samma id"})
    body = {"deck": "sv/mingel.yaml", "files": {"sv/mingel.yaml": {"data": data}}}
    status, checked = client.json("POST", "/api/check", body)
    assert status == 200
    keys = {p["key"]: p["message"] for p in checked["problems"]}
    assert keys["questions[1].colour"].startswith("unknown key 'colour'")
    del data["questions"][1]["colour"]
    status, checked = client.json("POST", "/api/check", body)
    keys = {p["key"]: p for p in checked["problems"]}
    assert "names the principle 'barnperpektiv'" in keys["questions[0].principle"]["message"]
    assert keys["questions[0].principle"]["hint"] == "did you mean 'barnperspektiv'?"
    assert keys["questions[2].id"]["message"].startswith("two questions have the id 'var-egen-fraga'")


def test_the_whole_sheet_and_the_downloads_come_with_the_print_choices(client):
    status, sheet = client.json("POST", "/api/sheet", {"deck": "sv/mingel.yaml", "files": {}, "page": 1})
    assert status == 200 and len(sheet["images"]) == 2 and sheet["pages"] == 10 and sheet["paired"]
    for what, name in [
        ("deck", "mingel.pdf"),
        ("principles", "mingel-principles.pdf"),
        ("testpage", "registration-test.pdf"),
    ]:
        status, pdf, response = client.request(
            "POST", "/api/download", {"deck": "sv/mingel.yaml", "files": {}, "what": what}
        )
        assert status == 200 and pdf.startswith(b"%PDF"), what
        assert response.getheader("Content-Disposition").endswith(name)
    body = {"deck": "sv/mingel.yaml", "files": {}, "what": "deck", "print": {"layout": "fold", "card": "a6"}}
    status, pdf, response = client.request("POST", "/api/download", body)
    assert status == 200 and response.getheader("Content-Disposition").endswith("mingel-fold.pdf")
    for bad in ({"layout": "poster"}, {"bleed": 99}, {"card": "../x"}, {"backs": "yes"}):
        assert client.request("POST", "/api/download", dict(body, print=bad))[0] == 400, bad


# ---------------------------------------------------------------- one mistake does not stop the server


@pytest.mark.parametrize(
    "path, body",
    [
        ("/api/preview", b"{not json"),
        ("/api/preview", b"[1, 2]"),
        ("/api/preview", b'{"files": 5}'),
        ("/api/preview", b'{"deck": 3}'),
        ("/api/save", b'{"files": {"sv/mingel.yaml": 7}}'),
        ("/api/merge", b'{"file": "../x.yaml", "base": 1, "mine": [2]}'),
        ("/api/sheet", b'{"deck": "sv/mingel.yaml", "page": "many"}'),
        ("/api/new", b'{"what": "handout", "lang": "sv"}'),
        ("/nowhere", b"{}"),
    ],
)
def test_a_bad_request_gets_a_message_and_the_server_carries_on(client, path, body):
    status, data, response = client.request("POST", path, body)
    assert 400 <= status < 500
    assert json.loads(data)["error"] or json.loads(data)["problems"]
    assert response.getheader("Content-Type").startswith("application/json")
    assert client.request("GET", "/")[0] == 200


def test_a_crash_inside_a_request_is_a_500_with_a_message_and_the_server_carries_on(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug in kort")

    monkeypatch.setattr(api, "card_pdf", broken)
    status, data = client.json("POST", "/api/preview", {"deck": "sv/mingel.yaml", "files": {}})
    assert status == 500
    assert "a bug in kort" in data["error"]
    monkeypatch.undo()
    status, data = client.json("POST", "/api/preview", {"deck": "sv/mingel.yaml", "files": {}})
    assert status == 200 and data["images"]


def test_unsaved_yaml_with_a_mistake_gets_its_problem_back(client):
    body = {"deck": "sv/mingel.yaml", "files": {"sv/mingel.yaml": {"text": "kind: deck\n  - : ["}}}
    status, preview = client.json("POST", "/api/preview", body)
    assert status == 200 and preview["images"] is None
    assert preview["problems"][0]["message"].startswith("YAML syntax error")


def test_a_yaml_mistake_made_in_a_text_editor_is_shown_not_fatal(client, pack):
    (pack / "sv" / "mingel.yaml").write_text("kind: deck\nquestions:\n  - text: a\n   bad: [\n", encoding="utf-8")
    now = state(client)
    file = now["files"]["sv/mingel.yaml"]
    assert file["data"] is None and file["error"].startswith("YAML syntax error") and file["line"]
    assert file["kind"] == "deck" and now["deck"] == "sv/mingel.yaml"  # the page shows its text to mend
    status, preview = client.json("POST", "/api/preview", {"deck": "sv/mingel.yaml", "files": {}})
    assert status == 200 and preview["images"] is None and preview["problems"]


# ---------------------------------------------------------------- without a pack, and on the command line


def test_without_a_pack_the_page_offers_to_create_one(tmp_path):
    running = serve.start(None, port=0, cwd=tmp_path)
    client = Client(running)
    try:
        status, data = client.json("GET", "/api/state")
        assert data["pack"] is None and data["folders"] == []
        assert client.json("POST", "/api/create", {"folder": "../outside", "lang": "sv"})[0] == 400
        assert client.json("POST", "/api/create", {"folder": "/tmp/x", "lang": "sv"})[0] == 400
        status, created = client.json("POST", "/api/create", {"folder": "Ekby kommun", "lang": "da", "base": "mingel"})
        assert status == 200 and created["deck"] == "da/mingel.yaml"
        assert (tmp_path / "Ekby kommun" / "da" / "branding.yaml").is_file()
        assert client.json("POST", "/api/open", {"folder": "Ekby kommun"})[0] == 409  # one pack a server
    finally:
        running.stop()


@pytest.mark.skipif(os.name == "nt", reason="Ctrl-C is a console event on Windows, not SIGINT")
def test_kort_serve_prints_its_address_and_stops_cleanly_on_ctrl_c(pack):
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", str(pack), "--port", "0", "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    try:
        line = ""
        while "http://" not in line:
            line = process.stdout.readline()
            assert line, process.stderr.read()
        url = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert url
        connection = http.client.HTTPConnection("127.0.0.1", int(url.group(1)), timeout=10)
        connection.request("GET", "/")
        assert connection.getresponse().status == 200
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 0
    assert "stopped" in out
    assert "Traceback" not in err
