"""nginx and Apache in front of gunicorn, from the shipped configuration files.

The test turns deploy/nginx.conf and deploy/apache.conf into a runnable set-up the way an
administrator (or certbot) would: loopback ports, this test's folders and certificate, TLS
switched on. Everything else — the headers, the caching, the proxying — is the shipped text.
"""

import getpass
import os
import shutil
from pathlib import Path

import pytest

from tests.support.servers import BASE_DIR, Server, free_port

APACHE_MODULES_DIR = Path("/usr/lib/apache2/modules")
APACHE_MODULES = [
    "mpm_event",
    "authz_core",
    "mime",
    "alias",
    "headers",
    "filter",
    "deflate",
    "proxy",
    "proxy_http",
    "socache_shmcb",
    "ssl",
]


def require_binary(name):
    """The path of a web server binary; without one, fail in CI, skip (visibly) elsewhere."""
    path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if path:
        return path
    message = (
        f"{name} is not installed; the proxy tests need Debian's nginx and apache2 packages "
        "(.ci/run installs them: apt-get install -y --no-install-recommends nginx apache2)."
    )
    if os.environ.get("HOGSHEAD_REQUIRE_PROXIES"):
        pytest.fail(message)
    pytest.skip(message + " Set HOGSHEAD_REQUIRE_PROXIES=1 to make this a failure.")


def shipped(name, replacements):
    """deploy/<name> with each (old, new) replaced; every `old` must still be in the file."""
    text = (BASE_DIR / "deploy" / name).read_text()
    for old, new in replacements:
        assert old in text, (
            f"deploy/{name} no longer contains {old!r}: update tests/support/proxies.py"
        )
        text = text.replace(old, new)
    return text


def worker_user_lines(nginx=False):
    """As root, web servers hand requests to an unprivileged user; as anyone else, to themselves."""
    if os.geteuid() != 0:
        return ""
    return "user www-data;" if nginx else "User www-data\nGroup www-data"


class Proxy:
    def __init__(self, name, server, http_port, https_port):
        self.name = name
        self.server = server
        self.http = f"http://localhost:{http_port}"
        self.https = f"https://localhost:{https_port}"

    def stop(self):
        self.server.stop()


def start_nginx(site, certificate, key):
    binary = require_binary("nginx")
    folder = site.folder
    http_port, https_port = free_port(), free_port()
    conf = shipped(
        "nginx.conf",
        [
            ("server 127.0.0.1:8000;", f"server 127.0.0.1:{site.gunicorn.port};"),
            ("listen 80;", f"listen 127.0.0.1:{http_port};"),
            ("listen [::]:80;", ""),
            ("#listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;"),
            ("#listen [::]:443 ssl;", ""),
            (
                "#ssl_certificate /etc/letsencrypt/live/blog.example.org/fullchain.pem;",
                f"ssl_certificate {certificate};",
            ),
            (
                "#ssl_certificate_key /etc/letsencrypt/live/blog.example.org/privkey.pem;",
                f"ssl_certificate_key {key};",
            ),
            ("#ssl_protocols", "ssl_protocols"),
            ("root /srv/hogshead;", f"root {folder};"),
            ("/var/cache/nginx/hogshead", f"{folder}/nginx-cache"),
        ],
    )
    (folder / "nginx-site.conf").write_text(conf)
    (folder / "nginx-temp").mkdir()
    temp_paths = "\n".join(
        f"    {kind}_temp_path {folder}/nginx-temp/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = f"""{worker_user_lines(nginx=True)}
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 128; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder}/nginx-access.log;
{temp_paths}
    include {folder}/nginx-site.conf;
}}
"""
    (folder / "nginx.conf").write_text(main)
    server = Server(
        [
            binary,
            "-p",
            str(folder),
            "-e",
            str(folder / "nginx-error.log"),
            "-c",
            str(folder / "nginx.conf"),
        ],
        None,
        folder / "nginx.log",
        https_port,
    )
    return Proxy("nginx", server, http_port, https_port)


def start_apache(site, certificate, key):
    binary = require_binary("apache2")
    folder = site.folder
    http_port, https_port = free_port(), free_port()
    conf = shipped(
        "apache.conf",
        [
            ("/srv/hogshead/", f"{folder}/"),
            ("http://127.0.0.1:8000/", f"http://127.0.0.1:{site.gunicorn.port}/"),
        ],
    )
    start = conf.index("<VirtualHost *:80>")
    end = conf.index("</VirtualHost>") + len("</VirtualHost>")
    vhost = conf[start:end]
    # What `certbot --apache` does: the same VirtualHost again on the TLS port.
    tls_vhost = vhost.replace(
        "<VirtualHost *:80>",
        f"<VirtualHost 127.0.0.1:{https_port}>\n    SSLEngine on\n"
        f"    SSLCertificateFile {certificate}\n    SSLCertificateKeyFile {key}",
    )
    plain_vhost = vhost.replace("<VirtualHost *:80>", f"<VirtualHost 127.0.0.1:{http_port}>")
    (folder / "apache-site.conf").write_text(f"{conf[:start]}{plain_vhost}\n\n{tls_vhost}\n")
    (folder / "apache-run").mkdir()
    modules = "\n".join(
        f"LoadModule {module}_module {APACHE_MODULES_DIR / f'mod_{module}.so'}"
        for module in APACHE_MODULES
    )
    main = f"""ServerRoot {folder}
ServerName localhost
Listen 127.0.0.1:{http_port}
Listen 127.0.0.1:{https_port}
PidFile {folder}/apache.pid
DefaultRuntimeDir {folder}/apache-run
Mutex file:{folder}/apache-run default
ErrorLog {folder}/apache-error.log
LogLevel warn
{worker_user_lines()}
{modules}
TypesConfig /etc/mime.types
LogFormat "%h %l %u %t \\"%r\\" %>s %b" common
CustomLog {folder}/apache-access.log common
Include {folder}/apache-site.conf
"""
    (folder / "apache2.conf").write_text(main)
    server = Server(
        [binary, "-f", str(folder / "apache2.conf"), "-DFOREGROUND"],
        {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "USER": getpass.getuser()},
        folder / "apache.log",
        https_port,
    )
    return Proxy("apache", server, http_port, https_port)
