"""Production mode refuses insecure settings, and a properly configured production passes
`manage.py check --deploy` without a warning."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from jbgs.env import Env, database_from_url

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STRONG_SECRET = "k3v9$P!qz8#w2Lr7@xT5^nB1&yH6*mJ4(uC0)eG8_sD2+fA7=hQ9"


def manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    base.pop("JBGS_ENV", None)
    base.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(**overrides):
    env = {
        "JBGS_ENV": "production",
        "SECRET_KEY": STRONG_SECRET,
        "ALLOWED_HOSTS": "jbgs.example.cn",
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "REDIS_URL": os.environ["REDIS_URL"],
        "EMAIL_HOST": "smtp.example.cn",
    }
    env.update(overrides)
    return env


def test_production_with_secure_settings_passes_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "override, complaint",
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"DEBUG": "true"}, "DEBUG"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"EMAIL_HOST": ""}, "EMAIL_HOST"),
    ],
)
def test_production_refuses_to_start_with_an_insecure_setting(override, complaint):
    result = manage("check", **production_env(**override))
    assert result.returncode != 0
    assert "Refusing to start in production" in result.stderr
    assert complaint in result.stderr


def test_a_malformed_boolean_stops_start_up_instead_of_defaulting():
    result = manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_only_postgresql_urls_are_accepted():
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL"):
        database_from_url("sqlite:///db.sqlite3")
    parsed = database_from_url("postgres://jbgs:s%40cret@db.internal:5433/portal?sslmode=require")
    assert (
        parsed["NAME"] == "portal" and parsed["PASSWORD"] == "s@cret" and parsed["PORT"] == "5433"
    )
    assert parsed["OPTIONS"] == {"sslmode": "require"}


def test_env_reads_strictly():
    env = Env({"N": "12", "FLAG": "off", "HOSTS": "a.cn, b.cn,", "BAD": "x"})
    assert env.int("N", 0) == 12 and env.bool("FLAG", True) is False
    assert env.list("HOSTS") == ["a.cn", "b.cn"]
    with pytest.raises(ImproperlyConfigured):
        env.int("BAD", 0)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url, server) -> None:
    """Until `url` answers (its /healthz), for at most 10 s; a server that exited says why."""
    import time

    for _ in range(100):
        try:
            _get(f"{url}/healthz")
            return
        except OSError:
            assert server.poll() is None, server.stderr.read().decode()
            time.sleep(0.1)


def _get(url, **headers):
    import urllib.error
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_the_production_shape_serves_pages_and_hashed_static_files_under_gunicorn(tmp_path):
    """gunicorn + whitenoise as docker-compose runs them: HTTPS enforced behind the proxy,
    static files collected with content hashes and cached for ever, /healthz reachable."""
    import re
    from pathlib import Path

    env = production_env(
        STATIC_ROOT=str(tmp_path / "static"),
        TRUST_X_FORWARDED_PROTO="true",
        STATIC_COMPRESS="false",
        ALLOWED_HOSTS="jbgs.example.cn,127.0.0.1",
    )
    collected = manage("collectstatic", "--noinput", "-v", "0", **env)
    assert collected.returncode == 0, collected.stderr
    port = _free_port()
    base = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    base.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
        ],
        cwd=ROOT,
        env={**base, **env},
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_for(url, gunicorn)
        status, headers, _body = _get(f"{url}/", Host="jbgs.example.cn")
        assert status == 301 and headers["Location"].startswith("https://")
        status, headers, page = _get(
            f"{url}/accounts/login/", Host="jbgs.example.cn", **{"X-Forwarded-Proto": "https"}
        )
        assert status == 200 and "Strict-Transport-Security" in headers
        css = re.search(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', page)
        assert css, "the page links the hashed stylesheet"
        status, headers, _body = _get(
            f"{url}{css.group(1)}", Host="jbgs.example.cn", **{"X-Forwarded-Proto": "https"}
        )
        assert status == 200 and "max-age=315360000" in headers["Cache-Control"]
        status, _headers, body = _get(f"{url}/healthz", Host="127.0.0.1")
        assert status in (200, 503) and '"database": "ok"' in body
        _through_the_compose_proxy(port, tmp_path)
    finally:
        gunicorn.terminate()
        gunicorn.wait(10)


def _through_the_compose_proxy(gunicorn_port, tmp_path):
    """deploy/nginx.conf, as docker-compose mounts it, in Debian's nginx in front of the
    gunicorn above: it passes requests on and tells the portal the scheme a gateway saw."""
    import re
    from pathlib import Path

    site = Path(ROOT, "deploy", "nginx.conf").read_text()
    assert "server web:8000;" in site
    port = _free_port()
    site = site.replace("server web:8000;", f"server 127.0.0.1:{gunicorn_port};")
    site = re.sub(r"listen 80 default_server;", f"listen 127.0.0.1:{port} default_server;", site)
    for temp in ("body", "proxy"):
        (tmp_path / temp).mkdir()
    main = tmp_path / "nginx.conf"
    main.write_text(
        ("user root;\n" if os.getuid() == 0 else "")
        + f"daemon off; pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\n"
        "events {}\n"
        f"http {{ access_log off; client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy;\n"
        f"{site}\n}}\n"
    )
    nginx = subprocess.Popen(["/usr/sbin/nginx", "-c", str(main), "-e", str(tmp_path / "error.log")],
                             stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_for(url, nginx)
        status, headers, _body = _get(f"{url}/accounts/login/", Host="jbgs.example.cn")
        assert status == 301 and headers["Location"].startswith("https://")  # plain HTTP at the proxy
        status, headers, page = _get(f"{url}/accounts/login/", Host="jbgs.example.cn",
                                     **{"X-Forwarded-Proto": "https"})  # a gateway terminated TLS
        assert status == 200 and "csrfmiddlewaretoken" in page
        assert "nginx/" not in headers.get("Server", "")  # no version to the world
    finally:
        nginx.terminate()
        nginx.wait(10)


def test_the_models_and_their_migrations_agree(db):
    """A change to a model (a new choice included) comes with its migration."""
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
