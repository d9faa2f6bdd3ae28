from django.contrib.auth.management import create_permissions
from django.db import migrations

AUTHOR_PERMISSIONS = [
    ("post", ["add", "change", "delete", "view"]),
    ("attachment", ["add", "change", "delete", "view"]),
    ("tag", ["view"]),
]


def create_authors_group(apps, schema_editor):
    """Staff users in "Authors" write, schedule and share their own posts (see PostAdmin)."""
    # Permissions are normally created after all migrations ran; this one needs them now.
    blog = apps.get_app_config("blog")
    blog.models_module = True
    create_permissions(blog, apps=apps, verbosity=0)
    blog.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Authors")
    codenames = [f"{action}_{model}" for model, actions in AUTHOR_PERMISSIONS for action in actions]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="blog", codename__in=codenames)
    )


def remove_authors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Authors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("blog", "0002_publishing_workflow"),
    ]

    operations = [migrations.RunPython(create_authors_group, remove_authors_group)]
