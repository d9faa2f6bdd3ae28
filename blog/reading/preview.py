"""The page a share-preview link opens (blog.models.sharing makes and checks the links)."""

from django.http import Http404
from django.shortcuts import redirect

from blog.models.sharing import shared_post

from .views.posts import PostDetailView


class PostPreviewView(PostDetailView):
    def get(self, request, *args, **kwargs):
        self.object = shared_post(kwargs["token"])
        if self.object is None:
            raise Http404
        if self.object.is_public:
            return redirect(self.object.get_absolute_url())
        return self.render_post(shared_preview=True)
