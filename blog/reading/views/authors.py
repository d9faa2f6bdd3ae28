"""An author's posts."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404

from .posts import SubjectPostListView


class AuthorPostListView(SubjectPostListView):
    list_url_name = "blog:author_detail"
    page_url_name = "blog:author_detail_page"
    template_name = "blog/author_detail.html"
    subject_name = "author"
    subject_field = "author"
    # Someone who has published nothing is not an author readers can know about.
    empty_message = "No published posts by this author."

    def get_subject(self, **kwargs):
        return get_object_or_404(get_user_model(), username=kwargs["username"])

    def url_kwargs(self):
        return {"username": self.subject.username}
