"""`make screenshots`: PNGs of the reader pages and the writing screen, at a laptop's and a
phone's width, into docs/screenshots/.

It builds a throw-away blog from the demo content (`manage.py setup_local`) in a temporary
folder, serves it with `runserver` on a free local port and photographs it with Debian's
Chromium through Playwright. Nothing outside the temporary folder is touched.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("HOGSHEAD_CHROMIUM", "/usr/bin/chromium")
WIDTHS = {1280: 900, 390: 844}  # a laptop, and a common phone (CSS pixels)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(environment, *arguments):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own local server
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the demo server did not answer at {url}")


def demo_urls(environment):
    """Where the interesting demo pages are, asked of the demo database itself."""
    script = """
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from blog.models import Post, Tag
posts = Post.objects.published().annotate(
    pictures=Count("attachments", filter=Q(attachments__kind="image"))
)
showcase = (
    posts.filter(body__contains="```gallery").first()
    or posts.filter(body__contains="```").order_by("-pictures").first()
)
tag = Tag.objects.annotate(n=Count("tagged_posts")).order_by("-n", "name").first()
print(showcase.get_absolute_url())
print(reverse("blog:tag_detail", kwargs={"slug": tag.slug}))
try:
    print(reverse("blog:search") + "?q=podman")
except NoReverseMatch:
    print("")
print(reverse("admin:blog_post_change", args=[showcase.pk]))
"""
    lines = manage(environment, "shell", "-c", script).splitlines()
    post, tag, search, admin = lines[-4:]
    return post, tag, search, admin


def photograph(base, urls, password):
    from playwright.sync_api import sync_playwright

    post, tag, search, admin = urls
    pages = {"front": "/", "post": post, "tag": tag}
    if search:
        pages["search"] = search
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for width, height in WIDTHS.items():
            for scheme in ("light", "dark"):
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    color_scheme=scheme,
                    device_scale_factor=1,
                )
                page = context.new_page()
                shots = pages if scheme == "light" else {"front": "/", "post": post}
                for name, path in shots.items():
                    page.goto(base + path, wait_until="networkidle")
                    suffix = "" if scheme == "light" else "-dark"
                    target = OUTPUT / f"{name}-{width}{suffix}.png"
                    page.screenshot(path=target, full_page=name == "post")
                    print(f"wrote {target.relative_to(ROOT)}")
                if scheme == "light":
                    page.goto(base + "/admin/login/")
                    page.fill("#id_username", "admin")
                    page.fill("#id_password", password)
                    page.click("input[type=submit]")
                    page.goto(base + admin, wait_until="networkidle")
                    toggle = page.locator("#toggle-nav-sidebar")
                    if toggle.is_visible() and page.locator("#nav-sidebar").is_visible():
                        toggle.click()  # room for the Markdown and its preview side by side
                    page.wait_for_timeout(1500)  # let a live preview render
                    page.evaluate("() => window.scrollTo(0, 0)")
                    target = OUTPUT / f"admin-{width}.png"
                    page.screenshot(path=target)
                    print(f"wrote {target.relative_to(ROOT)}")
                context.close()
        browser.close()


def main():
    with tempfile.TemporaryDirectory(prefix="hogshead-screenshots-") as folder:
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "HOGSHEAD_VAR_DIR": folder,
            "DATABASE_URL": "",
            "DEBUG": "1",
        }
        manage(environment, "migrate", "--no-input")
        manage(environment, "setup_local")
        password = (Path(folder) / "admin-password").read_text().strip()
        urls = demo_urls(environment)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/")
            photograph(base, urls, password)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
