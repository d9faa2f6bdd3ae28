import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from blog.management.demo import load_demo
from blog.models import Post


class Command(BaseCommand):
    help = (
        "Prepare a local blog for `make run`: an admin user (its password kept in "
        "var/admin-password) and demo posts when the database has none. Safe to run twice."
    )

    def handle(self, *args, **options):
        user = self.ensure_admin()
        if Post.objects.exists():
            self.stdout.write("Posts already exist; demo content not loaded.")
        else:
            created = load_demo(user)
            self.stdout.write(self.style.SUCCESS(f"Loaded {created} demo posts."))

    def ensure_admin(self):
        User = get_user_model()
        password_file = settings.VAR_DIR / "admin-password"
        user = User.objects.filter(username="admin").first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_superuser(
                "admin",
                email="admin@localhost",
                password=password,
                display_name="Hogshead Editor",
                bio="Writes about software, systems and whisky.",
            )
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        if password_file.exists():
            login = f"user admin, password {password_file.read_text().strip()}"
        else:
            login = (
                "user admin (password set earlier; reset it with manage.py changepassword admin)"
            )
        self.stdout.write(self.style.SUCCESS(f"Admin login at /admin/: {login}"))
        return user
