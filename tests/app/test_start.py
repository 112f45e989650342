"""start.py: the choices it makes per platform, and for real, its setup and its server in a fresh clone."""

from __future__ import annotations

import base64
import hashlib
import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from importlib import metadata
from pathlib import Path, PureWindowsPath

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import start

ROOT = Path(start.__file__).resolve().parent
WIN_PYTHON = r"C:\Users\王经理\AppData\Local\Programs\Python\Python311\python.exe"
WIN_START = PureWindowsPath(r"D:\销售 工具\dealer\start.py")


@pytest.mark.parametrize(
    ("platform", "folder", "python"),
    [
        ("win32", "Scripts", "python.exe"),
        ("linux", "bin", "python"),
        ("darwin", "bin", "python"),
    ],
)
def test_the_venv_python_is_in_scripts_on_windows_and_in_bin_elsewhere(tmp_path, platform, folder, python):
    assert start.scripts_dir(tmp_path, platform) == tmp_path / folder
    assert start.venv_python(tmp_path, platform) == tmp_path / folder / python


def test_the_windows_shortcut_is_a_bat_that_reads_chinese_paths_and_stays_open_on_failure(tmp_path):
    path, text = start.shortcut_file("win32", tmp_path, WIN_PYTHON, WIN_START)
    assert path == tmp_path / "销售管理.bat"
    lines = text.split("\r\n")
    assert lines[0] == "@chcp 65001 >nul"
    assert lines[1] == rf'@"{WIN_PYTHON}" "D:\销售 工具\dealer\start.py" %* || pause'
    assert lines[2:] == [""]


def test_the_mac_shortcut_is_a_command_file_running_start_py(tmp_path):
    path, text = start.shortcut_file("darwin", tmp_path, "/usr/local/bin/python3", Path("/Users/王/销售 工具/start.py"))
    assert path.name == "销售管理.command"
    assert text == '#!/bin/sh\nexec "/usr/local/bin/python3" "/Users/王/销售 工具/start.py" "$@"\n'


def test_the_linux_shortcut_is_a_desktop_entry_in_a_terminal(tmp_path):
    path, text = start.shortcut_file("linux", tmp_path, "/usr/bin/python3", Path("/home/wang/销售 工具/start.py"))
    assert path.name == "dealer-workbook.desktop"
    assert 'Exec="/usr/bin/python3" "/home/wang/销售 工具/start.py"' in text.splitlines()
    assert "Terminal=true" in text.splitlines()


def test_the_app_listens_on_loopback_unless_lan_is_asked_for():
    python = Path("py")
    cmd = start.app_command(python, 8502)
    assert cmd[:5] == ["py", "-m", "streamlit", "run", str(ROOT / "app.py")]
    assert cmd[cmd.index("--server.address") + 1] == "127.0.0.1"
    assert cmd[cmd.index("--server.port") + 1] == "8502"
    assert "--" not in cmd

    lan = start.app_command(python, 8501, lan=True)
    assert lan[lan.index("--server.address") + 1] == "0.0.0.0"
    assert lan[lan.index("--") :] == ["--", "--lan"]


def test_a_workbook_path_with_chinese_and_spaces_reaches_the_app_as_one_argument():
    cmd = start.app_command(Path("py"), 8501, workbook=r"D:\销售 数据\2026销售管理.xlsx")
    assert cmd[cmd.index("--") :] == ["--", "--workbook", r"D:\销售 数据\2026销售管理.xlsx"]


def test_a_wheelhouse_install_never_asks_the_index():
    online = start.pip_install_command(Path("py"), Path("requirements.txt"))
    assert online == ["py", "-m", "pip", "install", "--disable-pip-version-check", "-r", "requirements.txt"]
    offline = start.pip_install_command(Path("py"), Path("requirements.txt"), Path("E:/wheels"))
    assert offline[-3:] == ["--no-index", "--find-links", str(Path("E:/wheels"))]


def test_a_wheelhouse_is_found_from_the_current_folder_else_in_the_tools_folder(tmp_path):
    tool, elsewhere = tmp_path / "销售工具", tmp_path / "桌面"
    (tool / "wheels").mkdir(parents=True)
    elsewhere.mkdir()
    assert start.find_folder(Path("wheels"), elsewhere, tool) == (tool / "wheels").resolve()
    (elsewhere / "wheels").mkdir()
    assert start.find_folder(Path("wheels"), elsewhere, tool) == (elsewhere / "wheels").resolve()
    assert start.find_folder(tool / "wheels", elsewhere, tool) == (tool / "wheels").resolve()
    assert start.find_folder(Path("nowhere"), elsewhere, tool) is None


def test_wheels_for_a_windows_laptop_are_binary_only_and_tagged_for_it():
    cmd = start.pip_download_command(Path("py"), ["-r", "r.txt"], Path("w"), "win_amd64", "3.11")
    assert cmd[:4] == ["py", "-m", "pip", "download"]
    assert "--only-binary=:all:" in cmd
    assert cmd[cmd.index("-r") + 1] == "r.txt"
    assert cmd[cmd.index("--platform") + 1] == "win_amd64"
    assert cmd[cmd.index("--python-version") + 1] == "3.11"
    assert cmd[cmd.index("--dest") + 1] == "w"
    assert cmd[cmd.index("--find-links") + 1] == "w"  # a wheel built there from source counts
    assert "--platform" not in start.pip_download_command(Path("py"), ["-r", "r.txt"], Path("w"))


def test_a_package_published_only_as_source_is_built_into_a_wheel_in_the_wheelhouse():
    cmd = start.pip_wheel_command(Path("py"), "lunar-python==1.4.8", Path("w"))
    assert cmd[:4] == ["py", "-m", "pip", "wheel"]
    assert cmd[cmd.index("--wheel-dir") + 1] == "w"
    assert "--no-deps" in cmd
    assert cmd[-1] == "lunar-python==1.4.8"


def _wheel_with_requirements(folder: Path, *requires: str) -> Path:
    wheel = folder / "demo-1.0-py3-none-any.whl"
    meta = "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n" + "".join(f"Requires-Dist: {r}\n" for r in requires)
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("demo-1.0.dist-info/METADATA", meta)
    return wheel


@pytest.mark.parametrize(
    ("platform_tag", "expected"),
    [
        ("win_amd64", ["tzdata", "colorama>=0.4", "pywin32"]),
        ("macosx_11_0_arm64", ["appnope"]),
        ("manylinux2014_x86_64", []),
    ],
)
def test_a_wheelhouse_for_another_platform_also_gets_what_only_that_platform_needs(tmp_path, platform_tag, expected):
    wheel = _wheel_with_requirements(
        tmp_path,
        'tzdata; sys_platform == "win32"',
        "colorama>=0.4; sys_platform=='win32'",
        'pywin32; platform_system == "Windows" and python_version >= "3.8"',
        'appnope; sys_platform == "darwin"',
        'watchdog<8,>=2.1.5; platform_system != "Darwin"',  # every platform but one: pip already took it
        'pytest; extra == "test" and sys_platform == "win32"',  # an extra nobody asked for
        "numpy>=1.26",
    )
    assert start.target_requirements(wheel, platform_tag) == expected


def test_the_pinned_requirements_are_read_through_includes_without_options_or_comments(tmp_path):
    (tmp_path / "requirements.txt").write_text("# Runtime\nstreamlit==1.67.0  # the app\n\n", encoding="utf-8")
    dev = tmp_path / "requirements-dev.txt"
    dev.write_text("-r requirements.txt\npytest==9.0.3\n", encoding="utf-8")
    assert start.pinned_requirements(dev) == ["pytest==9.0.3", "streamlit==1.67.0"]


def test_the_test_command_runs_ruff_lint_ruff_format_and_pytest_in_that_order():
    cmds = start.check_commands(Path("py"), workers=3, pytest_args=["-m", "not browser"])
    assert [c[2:4] for c in cmds] == [["ruff", "check"], ["ruff", "format"], ["pytest", "-q"]]
    assert cmds[1][-2:] == ["--check", "."]
    assert cmds[2][cmds[2].index("-n") + 1] == "3"
    assert cmds[2][-2:] == ["-m", "not browser"]


def test_extra_arguments_are_passed_to_pytest_but_refused_for_the_app(capsys):
    args, extra = start.parse(["test", "-k", "start"])
    assert (args.command, extra) == ("test", ["-k", "start"])
    with pytest.raises(SystemExit):
        start.parse(["--no-browsr"])
    assert "--no-browsr" in capsys.readouterr().err


def test_requirements_are_installed_again_only_when_a_file_they_read_changed(tmp_path):
    venv = tmp_path / ".venv"
    venv.mkdir()
    (tmp_path / "requirements.txt").write_text("streamlit==1.67.0\n", encoding="utf-8")
    dev = tmp_path / "requirements-dev.txt"
    dev.write_text("-r requirements.txt\npytest==9.0.3\n", encoding="utf-8")
    runtime = tmp_path / "requirements.txt"

    assert start.requirement_files(dev) == [dev, runtime]
    assert start.needs_install(venv, runtime)
    start.write_stamp(venv, runtime)
    assert not start.needs_install(venv, runtime)
    assert start.needs_install(venv, dev)  # the dev file itself was never installed

    start.write_stamp(venv, dev)
    runtime.write_text("streamlit==1.68.0\n", encoding="utf-8")
    assert start.needs_install(venv, runtime)
    assert start.needs_install(venv, dev)  # it includes the changed file


def test_an_empty_stamp_left_by_the_old_makefile_means_install_once_more(tmp_path):
    (tmp_path / ".installed").touch()
    (tmp_path / "requirements.txt").write_text("streamlit\n", encoding="utf-8")
    assert start.needs_install(tmp_path, tmp_path / "requirements.txt")


def test_a_taken_port_is_skipped_for_the_next_free_one():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        taken = held.getsockname()[1]
        assert not start.port_is_free(taken, "127.0.0.1")
        chosen = start.choose_port(taken, "127.0.0.1")
    assert chosen > taken
    assert start.port_is_free(chosen, "127.0.0.1")


@pytest.mark.parametrize(
    ("platform", "status", "processes", "environ", "keep"),
    [
        ("win32", 2, 2, {}, True),  # double-clicked start.py (py launcher and python) failed
        ("win32", 2, 1, {}, True),  # double-clicked, .py opened by python.exe itself
        ("win32", 0, 2, {}, False),  # stopped with Ctrl+C: nothing to read
        ("win32", 2, 2, {"PROMPT": "$P$G"}, False),  # typed in cmd, or the .bat shortcut (which pauses itself)
        ("win32", 2, 3, {}, False),  # a console with a shell of its own
        ("linux", 2, 0, {}, False),
    ],
)
def test_a_double_clicked_start_that_failed_keeps_its_window_open_to_read_why(
    platform, status, processes, environ, keep
):
    assert start.keep_window_open(platform, status, processes, environ) is keep


class _Healthy(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/_stcore/health" else 404)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format, *args) -> None:
        pass


def test_the_health_check_goes_straight_to_loopback_past_an_office_proxy(monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # a proxy that answers nothing
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Healthy) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        waiting = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        try:
            url = f"http://127.0.0.1:{server.server_address[1]}"
            assert start.wait_healthy(url, waiting, timeout=10)
        finally:
            waiting.kill()
            waiting.wait()
            server.shutdown()


def test_the_health_check_gives_up_when_the_server_exits():
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    assert not start.wait_healthy(f"http://127.0.0.1:{start.choose_port(8701, '127.0.0.1')}", ended, timeout=30)


def test_on_windows_the_server_has_a_process_group_of_its_own_elsewhere_nothing_changes():
    assert start.server_options("win32") == {"creationflags": 0x00000200}  # CREATE_NEW_PROCESS_GROUP
    assert start.server_options("linux") == start.server_options("darwin") == {}


class _WindowsServer:
    """What stop() does to a server on Windows, recorded (this machine cannot start a Windows process)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []
        self.ended = False

    def poll(self) -> int | None:
        return 0 if self.ended else None

    def send_signal(self, sig: int) -> None:
        self.calls.append(("signal", sig))
        self.ended = sig == 1  # CTRL_BREAK_EVENT: uvicorn shuts down on it

    def terminate(self) -> None:
        self.calls.append(("terminate", None))  # TerminateProcess: no shutdown at all
        self.ended = True

    def kill(self) -> None:
        self.terminate()

    def wait(self, timeout: float) -> int:
        self.calls.append(("wait", timeout))
        if not self.ended:
            raise subprocess.TimeoutExpired("server", timeout)
        return 0


def test_on_windows_stop_asks_the_server_with_ctrl_break_before_anything_harder():
    server = _WindowsServer()
    start.stop(server, "win32")  # type: ignore[arg-type]
    assert server.calls == [("signal", 1), ("wait", 15)]


def test_elsewhere_stop_asks_first_so_the_server_shuts_down_its_own_work(tmp_path):
    done = tmp_path / "shut down"
    child = (
        "import pathlib, signal, sys, time\n"
        f"def down(*_):\n    pathlib.Path({str(done)!r}).write_text('yes'); sys.exit(0)\n"
        "signal.signal(signal.SIGTERM, down)\n"
        "print('ready', flush=True)\n"
        "time.sleep(60)\n"
    )
    with subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, text=True) as server:
        assert server.stdout is not None and server.stdout.readline().strip() == "ready"
        start.stop(server, "linux")
    assert server.returncode == 0 and done.read_text() == "yes"


def test_chinese_help_prints_even_on_a_console_that_cannot_encode_it():
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}  # like a cp437 console, which has no Chinese either
    done = subprocess.run(
        [sys.executable, str(ROOT / "start.py"), "--help"], capture_output=True, env=env, timeout=60, check=True
    )
    assert "启动销售管理" in done.stdout.decode("utf-8")


# --- for real, in a fresh clone ----------------------------------------------------------------


def _runtime_closure(requirements: Path) -> list[metadata.Distribution]:
    """The installed distributions `requirements` needs, its dependencies' dependencies included."""
    wanted = [Requirement(line) for line in requirements.read_text().splitlines() if line and line[0].isalpha()]
    seen: dict[str, metadata.Distribution] = {}
    while wanted:
        req = wanted.pop()
        name = canonicalize_name(req.name)
        if name in seen:
            continue
        dist = seen[name] = metadata.distribution(name)
        for dep in (Requirement(r) for r in dist.requires or []):
            extras = {"", *req.extras}
            if dep.marker is None or any(dep.marker.evaluate({"extra": e}) for e in extras):
                wanted.append(dep)
    return list(seen.values())


def _wheel_of_installed(dist: metadata.Distribution, dest: Path) -> Path:
    """Pack an installed distribution back into a wheel (its console scripts pip makes again from entry points)."""
    info = next(f for f in dist.files if f.parent.name.endswith(".dist-info") and f.name == "WHEEL")
    tags = [
        line.split(":", 1)[1].strip().split("-") for line in info.read_text().splitlines() if line.startswith("Tag:")
    ]
    tag = "-".join(".".join(sorted({t[i] for t in tags})) for i in range(3))  # py2.py3-none-any
    name = dist.metadata["Name"].replace("-", "_").replace(".", "_")
    wheel = dest / f"{name}-{dist.version}-{tag}.whl"
    info_dir = info.parent.as_posix()
    record = []
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_STORED) as zf:
        for f in dist.files:
            arc = f.as_posix()
            if arc.startswith("..") or "__pycache__" in arc or arc.startswith(f"{info_dir}/RECORD"):
                continue
            if arc in (f"{info_dir}/INSTALLER", f"{info_dir}/REQUESTED", f"{info_dir}/direct_url.json"):
                continue
            data = Path(dist.locate_file(f)).read_bytes()
            zf.writestr(arc, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append(f"{arc},sha256={digest},{len(data)}")
        record.append(f"{info_dir}/RECORD,,")
        zf.writestr(f"{info_dir}/RECORD", "\n".join(record) + "\n")
    return wheel


def _get(url: str) -> tuple[int, str]:
    with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(url, timeout=10) as reply:
        return reply.status, reply.read().decode("utf-8", "replace")


@pytest.mark.slow
def test_a_fresh_clone_installs_from_a_wheelhouse_and_serves_the_app_until_ctrl_c(tmp_path):
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and this folder as a git checkout, to clone it fresh")
    clone = tmp_path / "销售 工具"  # the laptop's kind of path: Chinese characters and a space
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True)
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(ROOT), str(clone)], check=True, timeout=120)
    subprocess.run(["git", "-C", str(clone), "checkout", "--quiet", head.stdout.strip()], check=True, timeout=120)

    wheelhouse = tmp_path / "wheels"
    wheelhouse.mkdir()
    for dist in _runtime_closure(clone / "requirements.txt"):
        _wheel_of_installed(dist, wheelhouse)

    workbook = tmp_path / "销售 数据" / "2026销售管理.xlsx"
    workbook.parent.mkdir()
    shutil.copyfile(ROOT / "sample_data" / "sample_zh.xlsx", workbook)
    port = start.choose_port(8601, "127.0.0.1")
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("DEALER_WORKBOOK", None)
    for name in [n for n in env if n.startswith("PIP_")]:  # this machine's pip settings: as if it had none
        del env[name]
    env["PIP_CONFIG_FILE"] = os.devnull
    log = tmp_path / "start.log"
    cmd = [sys.executable, str(clone / "start.py"), "--wheelhouse", str(wheelhouse), "--port", str(port)]
    cmd += ["--no-browser", "--workbook", str(workbook)]
    with log.open("wb") as out:
        process = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and process.poll() is None and "Running:" not in log.read_text("utf-8"):
            time.sleep(1)
        assert process.poll() is None, log.read_text("utf-8", "replace")[-3000:]
        assert _get(f"{url}/_stcore/health") == (200, "ok")
        status, page = _get(f"{url}/morning")
        assert status == 200 and '<div id="root">' in page

        assert not start.needs_install(clone / ".venv", clone / "requirements.txt")  # the next start installs nothing
        process.send_signal(signal.SIGINT)  # what Ctrl+C does
        assert process.wait(timeout=30) == 0
        assert start.port_is_free(port, "127.0.0.1"), "the server outlived start.py"
        said = log.read_text("utf-8")
        assert "已停止" in said and "Stopped." in said
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
