"""Set up and start the app with one command on Windows, macOS or Linux (standard library only).

    python start.py                            the app, in the browser (the demo workbook, or the one opened last)
    python start.py --workbook "D:/销售/2026销售管理.xlsx"
    python start.py --lan                      also reachable from phones on the showroom Wi-Fi
    python start.py test                       ruff and every test
    python start.py --wheelhouse DIR           install from a folder of wheels, without internet
    python start.py --download-wheels DIR --platform win_amd64 --python-version 3.11
    python start.py --shortcut                 a desktop shortcut that runs `python start.py`

It runs before the project's virtual environment exists, so it imports nothing outside the
standard library and nothing of the project. `make run` and `make test` call it. See docs/windows.md.
"""

from __future__ import annotations

import argparse
import contextlib
import email.parser
import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import webbrowser
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
REQUIREMENTS = ROOT / "requirements.txt"
REQUIREMENTS_DEV = ROOT / "requirements-dev.txt"
DEFAULT_PORT = 8501
HEALTH_TIMEOUT = 180  # seconds; the first start on a slow laptop imports pandas, pyarrow and streamlit
MIN_PYTHON = (3, 11)


def say(zh: str, en: str) -> None:
    """Tell the person at the console what is happening, in Chinese and in English."""
    print(f"{zh}\n  {en}", flush=True)


def console_utf8() -> None:
    """Let a Windows console (cp936, or a pipe) print Chinese instead of raising UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)  # absent when a stream was replaced
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


# --- the virtual environment -------------------------------------------------------------


def is_windows(platform: str) -> bool:
    """Whether `platform` (a `sys.platform` value) is Windows."""
    return platform.startswith("win")


def scripts_dir(venv: Path, platform: str = sys.platform) -> Path:
    """The folder of a virtual environment's programs: `Scripts` on Windows, `bin` elsewhere."""
    return venv / ("Scripts" if is_windows(platform) else "bin")


def venv_python(venv: Path, platform: str = sys.platform) -> Path:
    """The Python interpreter inside a virtual environment."""
    return scripts_dir(venv, platform) / ("python.exe" if is_windows(platform) else "python")


def venv_works(venv: Path) -> bool:
    """Whether the environment's Python starts (a copied folder or an uninstalled base Python breaks it)."""
    python = venv_python(venv)
    if not python.exists():
        return False
    try:
        return subprocess.run([str(python), "-c", "import sys"], capture_output=True, timeout=60).returncode == 0
    except OSError:
        return False


def create_venv(venv: Path) -> None:
    """Make (or remake, emptied) the virtual environment with this Python."""
    say(f"正在创建虚拟环境 {venv} …", f"Creating the virtual environment {venv} …")
    result = subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)])
    if result.returncode != 0:
        say(
            "无法创建虚拟环境。Linux 上请先安装 python3-venv（例如 sudo apt install python3-venv）。",
            "Could not create the virtual environment. On Linux install python3-venv first (sudo apt install python3-venv).",
        )
        raise SystemExit(2)


# --- requirements, installed once per change ----------------------------------------------


def requirement_files(requirements: Path) -> list[Path]:
    """A requirements file and every file it includes with `-r`, in order."""
    files = [requirements]
    for line in requirements.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("-r"):
            files += requirement_files(requirements.parent / line[2:].strip())
    return files


def digests(requirements: Path) -> dict[str, str]:
    """The sha256 of each file an install of `requirements` reads, by file name."""
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in requirement_files(requirements)}


def stamp_path(venv: Path) -> Path:
    """The file recording what was installed (the Makefile's stamp, so make sees it too)."""
    return venv / ".installed"


def read_stamp(venv: Path) -> dict[str, str]:
    """The digests recorded by earlier installs (empty when none, or an old empty make stamp)."""
    try:
        text = stamp_path(venv).read_text(encoding="utf-8")
    except OSError:
        return {}
    pairs = (line.split() for line in text.splitlines())
    return {name: digest for digest, name in (p for p in pairs if len(p) == 2)}


def needs_install(venv: Path, requirements: Path) -> bool:
    """Whether `requirements` (or a file it includes) changed since it was last installed here."""
    recorded = read_stamp(venv)
    return any(recorded.get(name) != digest for name, digest in digests(requirements).items())


def write_stamp(venv: Path, requirements: Path) -> None:
    """Record that `requirements` is installed, keeping what other installs recorded."""
    recorded = {**read_stamp(venv), **digests(requirements)}
    stamp_path(venv).write_text("".join(f"{d}  {name}\n" for name, d in sorted(recorded.items())), encoding="utf-8")


def pip_install_command(python: Path, requirements: Path, wheelhouse: Path | None = None) -> list[str]:
    """The pip command installing `requirements`; from the wheels in `wheelhouse` only, when given."""
    cmd = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-r", str(requirements)]
    if wheelhouse is not None:
        cmd += ["--no-index", "--find-links", str(wheelhouse)]
    return cmd


def pinned_requirements(requirements: Path) -> list[str]:
    """The requirement lines of a requirements file and the files it includes (no options, no comments)."""
    lines = (
        line.split("#", 1)[0].strip()
        for f in requirement_files(requirements)
        for line in f.read_text("utf-8").splitlines()
    )
    return [line for line in lines if line and not line.startswith("-")]


def pip_download_command(
    python: Path, wanted: list[str], dest: Path, platform_tag: str | None = None, python_version: str | None = None
) -> list[str]:
    """The pip command putting wheels of `wanted` (pip arguments) into `dest`, for another machine when tags are given.

    Wheels only: pip cannot build a source package for another platform. `dest` is also a
    source, so wheels already there (or built there from a pure-Python source) are used.
    """
    cmd = [str(python), "-m", "pip", "download", "--disable-pip-version-check", "--only-binary=:all:"]
    cmd += [*wanted, "--dest", str(dest), "--find-links", str(dest)]
    if platform_tag:
        cmd += ["--platform", platform_tag]
    if python_version:
        cmd += ["--python-version", python_version]
    return cmd


def pip_wheel_command(python: Path, requirement: str, dest: Path) -> list[str]:
    """The pip command building a wheel of one package published only as source (e.g. lunar-python)."""
    cmd = [str(python), "-m", "pip", "wheel", "--disable-pip-version-check", "--no-deps"]
    return [*cmd, "--wheel-dir", str(dest), requirement]


# marker values that hold on a target platform, by the start of its wheel tag (win_amd64, macosx_11_0_arm64, ...)
TARGET_MARKERS = {
    "win": ("win32", "Windows", "nt"),
    "macosx": ("darwin", "Darwin", "posix"),
    "manylinux": ("linux", "Linux", "posix"),
    "linux": ("linux", "Linux", "posix"),
}


def target_requirements(wheel: Path, platform_tag: str) -> list[str]:
    """What a wheel needs only on the target platform (pandas: tzdata on Windows), which pip skips elsewhere.

    pip judges `; sys_platform == "win32"` by the machine it runs on even with `--platform`, so a
    wheelhouse made on Linux for Windows would lack these; an unneeded extra wheel does no harm.
    """
    values = next((v for prefix, v in TARGET_MARKERS.items() if platform_tag.startswith(prefix)), ())
    with zipfile.ZipFile(wheel) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA") and n.count("/") == 1)
        meta = email.parser.Parser().parsestr(zf.read(name).decode("utf-8"))
    found = []
    for line in meta.get_all("Requires-Dist") or []:
        requirement, _, marker = line.partition(";")
        marker = marker.replace(" ", "").replace("'", '"')
        if marker and "extra" not in marker and any(f'=="{v}"' in marker for v in values):
            found.append(requirement.strip())
    return found


def download_wheels(
    python: Path, requirements: Path, dest: Path, platform_tag: str | None, python_version: str | None
) -> int:
    """Fill `dest` with every wheel `requirements` needs on the target machine; the exit status of the last step."""
    dest.mkdir(parents=True, exist_ok=True)
    # a package with no wheel on the index is built into one here first; pure Python, that
    # wheel (py3-none-any) serves every platform, and the full download below then finds it in dest
    for requirement in pinned_requirements(requirements):
        print(f"  {requirement}", flush=True)
        only = pip_download_command(python, ["--no-deps", requirement], dest, platform_tag, python_version)
        if subprocess.run(only, cwd=ROOT, capture_output=True).returncode != 0:
            say(f"{requirement} 没有现成的 wheel，正在构建…", f"{requirement} has no wheel; building one …")
            subprocess.run(pip_wheel_command(python, requirement, dest), cwd=ROOT)
    cmd = pip_download_command(python, ["-r", str(requirements)], dest, platform_tag, python_version)
    status = subprocess.run(cmd, cwd=ROOT).returncode
    fetched: set[str] = set()
    while status == 0 and platform_tag:
        missing = {r for w in dest.glob("*.whl") for r in target_requirements(w, platform_tag)} - fetched
        if not missing:
            break
        fetched |= missing
        cmd = pip_download_command(python, sorted(missing), dest, platform_tag, python_version)
        status = subprocess.run(cmd, cwd=ROOT).returncode
    return status


def find_folder(given: Path, cwd: Path, root: Path = ROOT) -> Path | None:
    """A folder named on the command line: as given (from the current folder), else inside the tool's folder."""
    for candidate in (cwd / given, root / given):
        if candidate.is_dir():
            return candidate.resolve()
    return None


def setup(venv: Path, requirements: Path, wheelhouse: Path | None = None) -> Path:
    """Make sure the environment exists and holds `requirements`; return its Python."""
    if not venv_works(venv):
        create_venv(venv)
    python = venv_python(venv)
    if needs_install(venv, requirements):
        say(
            f"正在安装 {requirements.name} 中的软件包（第一次需要几分钟）…",
            f"Installing the packages of {requirements.name} (a few minutes the first time) …",
        )
        if subprocess.run(pip_install_command(python, requirements, wheelhouse), cwd=ROOT).returncode != 0:
            say(
                "安装失败。没有网络时，请用 --wheelhouse 文件夹安装（见 docs/windows.md）。",
                "Installing failed. Without internet, install from a --wheelhouse folder (see docs/windows.md).",
            )
            raise SystemExit(2)
        write_stamp(venv, requirements)
    else:
        stamp_path(venv).touch()  # make compares the stamp's time with the requirements files'
    return python


# --- running the app ----------------------------------------------------------------------


def port_is_free(port: int, host: str) -> bool:
    """Whether nothing answers on `port` and `host` can listen on it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            return False
    # Windows lets a second program listen on a port already held, so answering was checked first
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        if os.name != "nt":  # as the server will: a closed server's lingering connections do not hold the port
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def choose_port(wanted: int, host: str) -> int:
    """`wanted` when free, else the next free port above it."""
    for port in range(wanted, min(wanted + 100, 65536)):
        if port_is_free(port, host):
            return port
    say(f"端口 {wanted} 到 {wanted + 99} 都被占用。", f"Ports {wanted} to {wanted + 99} are all taken.")
    raise SystemExit(2)


def app_command(python: Path, port: int, lan: bool = False, workbook: str | None = None) -> list[str]:
    """The `streamlit run app.py` command: loopback only, or every interface with the app's sign-in (`--lan`)."""
    cmd = [str(python), "-m", "streamlit", "run", str(ROOT / "app.py")]
    cmd += ["--server.port", str(port), "--server.address", "0.0.0.0" if lan else "127.0.0.1"]
    cmd += ["--server.headless", "true"]
    app_args = (["--workbook", workbook] if workbook else []) + (["--lan"] if lan else [])
    return cmd + (["--", *app_args] if app_args else [])


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = HEALTH_TIMEOUT) -> bool:
    """Poll the server's health address until it answers (False if it exited or never answered)."""
    # straight to loopback: a proxy set for the office network (Windows settings, HTTP_PROXY) must not be asked
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with direct.open(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses that a phone on the same network could open."""
    found: set[str] = set()
    with contextlib.suppress(OSError):
        found.update(info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # a UDP "connect" sends nothing; it picks the outgoing interface
            found.add(s.getsockname()[0])
        except OSError:
            pass
    return sorted(a for a in found if not a.startswith("127."))


# Windows' process creation flag and console event (subprocess and signal name them on Windows only)
CREATE_NEW_PROCESS_GROUP = 0x00000200
CTRL_BREAK_EVENT = 1


def server_options(platform: str = sys.platform) -> dict[str, int]:
    """How the server is started: on Windows in a process group of its own, which the console's Ctrl+C
    does not reach; `stop` passes the stop on to it as Ctrl+Break."""
    return {"creationflags": CREATE_NEW_PROCESS_GROUP} if is_windows(platform) else {}


def stop(process: subprocess.Popen, platform: str = sys.platform) -> None:
    """End the app's server: asked to shut down, then for good.

    Asked, the server finishes the workbook's snapshot it is keeping and stops the first write's
    preparation (a process of its own). On Windows `terminate()` ends a process at once, with no
    shutdown, and left the preparation running on (at a three-year store: seconds of work, 1.8 GB):
    the server is sent Ctrl+Break instead, which reaches its process group only, and which its web
    server (uvicorn) shuts down on as on Ctrl+C. Elsewhere SIGTERM does the same.
    """
    if process.poll() is None:
        if is_windows(platform):
            process.send_signal(getattr(signal, "CTRL_BREAK_EVENT", CTRL_BREAK_EVENT))
        else:
            process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run_app(python: Path, port: int, lan: bool, workbook: str | None, open_browser: bool) -> int:
    """Start the app, open the browser once it answers, and keep it running until Ctrl+C."""
    host = "0.0.0.0" if lan else "127.0.0.1"
    chosen = choose_port(port, host)
    if chosen != port:
        say(f"端口 {port} 已被占用，改用 {chosen}。", f"Port {port} is taken; using {chosen} instead.")
    if workbook and not Path(workbook).is_file():
        say(f"找不到工作簿：{workbook}", f"Workbook not found: {workbook}")
        return 2
    url = f"http://127.0.0.1:{chosen}"
    say(f"正在启动销售管理 {url} …", f"Starting the dealership app at {url} …")
    # Ctrl+C stops the server even when a parent shell started us with SIGINT ignored, and a
    # kill from outside (CI, a closing terminal) stops it too instead of leaving it orphaned
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupted)
    process = subprocess.Popen(app_command(python, chosen, lan, workbook), cwd=ROOT, **server_options())
    try:
        if not wait_healthy(url, process):
            say("应用没有启动，请看上面的信息。", "The app did not start; see the messages above.")
            stop(process)
            return 1
        say(f"已启动：{url}", f"Running: {url}")
        if lan:
            for address in lan_addresses():
                say(
                    f"  同一网络的手机请打开 http://{address}:{chosen}",
                    f"  phones on this network: http://{address}:{chosen}",
                )
        say("停止：在此窗口按 Ctrl+C（关闭窗口也可以）。", "To stop: press Ctrl+C in this window (or close it).")
        if open_browser:
            webbrowser.open(url)
        # polled, not process.wait(): on Windows a blocking wait does not see Ctrl+C until the server ends
        while process.poll() is None:
            time.sleep(0.5)
        return process.returncode
    except KeyboardInterrupt:
        say("正在停止…", "Stopping …")
        stop(process)
        say("已停止。", "Stopped.")
        return 0


# --- tests ---------------------------------------------------------------------------------


def check_commands(python: Path, workers: int = 2, pytest_args: list[str] | None = None) -> list[list[str]]:
    """Every check the project has: ruff lint, ruff format, then pytest (all of them run)."""
    py = str(python)
    return [
        [py, "-m", "ruff", "check", "."],
        [py, "-m", "ruff", "format", "--check", "."],
        [py, "-m", "pytest", "-q", "-n", str(workers), "--dist", "loadfile", *(pytest_args or [])],
    ]


def run_tests(python: Path, workers: int, pytest_args: list[str]) -> int:
    """Run every check, each even if an earlier one failed; 1 if any failed."""
    status = 0
    for cmd in check_commands(python, workers, pytest_args):
        print("$ python " + " ".join(cmd[1:]), flush=True)
        if subprocess.run(cmd, cwd=ROOT).returncode != 0:
            status = 1
    say("全部通过。" if status == 0 else "有检查未通过。", "All passed." if status == 0 else "Some checks failed.")
    return status


# --- the desktop shortcut -------------------------------------------------------------------


def shortcut_file(platform: str, desktop: Path, python: str, start: Path) -> tuple[Path, str]:
    """Where the desktop shortcut goes and what it says: a .bat on Windows, .command on macOS, .desktop elsewhere."""
    if is_windows(platform):
        # cmd reads a .bat in the console's code page; 65001 makes the UTF-8 paths below readable.
        # `|| pause` keeps the window open to read why, should the app fail to start.
        return desktop / "销售管理.bat", f'@chcp 65001 >nul\r\n@"{python}" "{start}" %* || pause\r\n'
    if platform == "darwin":
        return desktop / "销售管理.command", f'#!/bin/sh\nexec "{python}" "{start}" "$@"\n'
    entry = (
        "[Desktop Entry]\nType=Application\nName=销售管理 Dealership\n"
        f'Exec="{python}" "{start}"\nPath={start.parent}\nTerminal=true\n'
    )
    return desktop / "dealer-workbook.desktop", entry


def desktop_folder(platform: str = sys.platform) -> Path:
    """The user's desktop folder (on Windows, where Explorer keeps it, which OneDrive may have moved)."""
    home = Path.home()
    if is_windows(platform):
        try:
            import winreg  # only on Windows

            key = r"Software\Microsoft\Windows\CurrentVersion\Explorer\User Shell Folders"
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, key) as k:
                return Path(os.path.expandvars(winreg.QueryValueEx(k, "Desktop")[0]))
        except OSError:
            pass
    return home / "Desktop" if (home / "Desktop").is_dir() else home


def write_shortcut(platform: str = sys.platform) -> Path:
    """Write the desktop shortcut for this Python and this folder; return its path."""
    path, text = shortcut_file(platform, desktop_folder(platform), sys.executable, ROOT / "start.py")
    path.write_bytes(text.encode("utf-8"))
    if not is_windows(platform):
        path.chmod(0o755)
    return path


# --- the command line ----------------------------------------------------------------------


def parse(argv: list[str] | None) -> tuple[argparse.Namespace, list[str]]:
    """The options (mirroring the Makefile's) and, for `test`, the extra pytest arguments."""
    parser = argparse.ArgumentParser(
        prog="start.py",
        allow_abbrev=False,  # `test` passes unknown options to pytest; none may be taken for a prefix of ours
        description="启动销售管理 / Start the dealership app. `test` runs every test; `setup` only installs.",
    )
    parser.add_argument("command", nargs="?", choices=["run", "test", "setup"], default="run")
    parser.add_argument("--workbook", metavar="PATH", help="工作簿 / the workbook to open")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="端口 / port (next free one if taken)")
    parser.add_argument("--lan", action="store_true", help="店内网络：手机可访问 / reachable from phones in the store")
    parser.add_argument("--no-browser", action="store_true", help="不打开浏览器 / do not open a browser")
    parser.add_argument("--workers", type=int, default=2, help="test: pytest 进程数 / pytest workers")
    parser.add_argument("--wheelhouse", metavar="DIR", type=Path, help="离线安装 / install from this folder of wheels")
    parser.add_argument("--download-wheels", metavar="DIR", type=Path, help="准备离线安装包 / fill DIR with wheels")
    parser.add_argument("--platform", help="with --download-wheels: e.g. win_amd64")
    parser.add_argument("--python-version", help="with --download-wheels: e.g. 3.11")
    parser.add_argument("--shortcut", action="store_true", help="桌面快捷方式 / write a desktop shortcut")
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "test":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return args, extra


def main(argv: list[str] | None = None) -> int:
    """Do what the command line asks; the exit status says whether it worked."""
    console_utf8()
    if sys.version_info < MIN_PYTHON:
        say("需要 Python 3.11 或更新版本（python.org）。", "Python 3.11 or newer is needed (python.org).")
        return 2
    args, pytest_args = parse(argv)
    if args.shortcut:
        path = write_shortcut()
        say(f"已创建桌面快捷方式：{path}", f"Desktop shortcut written: {path}")
        return 0
    if args.download_wheels is not None:
        if not venv_works(VENV):  # pip of the project's own environment, whatever Python runs this
            create_venv(VENV)
        python = venv_python(VENV)
        dest = args.download_wheels.resolve()
        say(f"正在下载离线安装包到 {dest} …", f"Downloading wheels into {dest} …")
        status = download_wheels(python, REQUIREMENTS_DEV, dest, args.platform, args.python_version)
        if status == 0:
            say(
                f"完成。把整个文件夹连同 {dest.name} 拷到电脑上，再运行：py start.py --wheelhouse {dest.name}",
                f"Done. Copy the whole folder with {dest.name} to the laptop, then run: py start.py --wheelhouse {dest.name}",
            )
        return status
    wheelhouse = find_folder(args.wheelhouse, Path.cwd()) if args.wheelhouse is not None else None
    if args.wheelhouse is not None and wheelhouse is None:
        say(f"找不到离线安装包文件夹：{args.wheelhouse}", f"The wheelhouse folder was not found: {args.wheelhouse}")
        return 2
    python = setup(VENV, REQUIREMENTS if args.command == "run" else REQUIREMENTS_DEV, wheelhouse)
    if args.command == "setup":
        return 0
    if args.command == "test":
        return run_tests(python, args.workers, pytest_args)
    workbook = str(Path(args.workbook).expanduser().resolve()) if args.workbook else None
    return run_app(python, args.port, args.lan, workbook, not args.no_browser)


def keep_window_open(platform: str, status: int, console_processes: int, environ: dict[str, str]) -> bool:
    """Whether to wait for Enter before exiting: a failure in a console window of our own (a double-click)."""
    # started from Explorer, the window holds only us (and the py launcher) and closes with us,
    # taking the reason along; a console the person opened (cmd sets PROMPT) stays anyway
    return is_windows(platform) and status != 0 and console_processes <= 2 and "PROMPT" not in environ


def _console_processes() -> int:
    if not is_windows(sys.platform):
        return 0
    import ctypes  # the Windows console API; only on Windows

    ids = (ctypes.c_uint * 8)()
    return ctypes.windll.kernel32.GetConsoleProcessList(ids, 8)


if __name__ == "__main__":
    try:
        status = main()
    except SystemExit as stopped:  # a failed setup step, or a usage error
        status = stopped.code if isinstance(stopped.code, int) else 1
    except KeyboardInterrupt:  # Ctrl+C while installing: the person is at the window
        sys.exit(130)
    if keep_window_open(sys.platform, status, _console_processes(), dict(os.environ)):
        input("按回车键关闭窗口 / Press Enter to close this window")
    sys.exit(status)
