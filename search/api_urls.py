"""The search JSON API (no language prefix; `lang` is a parameter)."""

urlpatterns = []
