# syntax=docker/dockerfile:1
# The KIM portal: Django + Wagtail served by gunicorn on port 8000 as a non-root user.
# `docker build -t kim-portal .` needs nothing outside this repository: the vocabulary
# (services_directory/vocabulary) and the HSDS schemas (open_data/hsds) are part of it.

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=portal.settings.base \
    STATIC_ROOT=/app/static_collected \
    MEDIA_ROOT=/data/media

# gettext: compilemessages (.mo files are built here, not committed).
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 kim \
    && useradd --system --uid 10001 --gid kim --home-dir /app --no-create-home --shell /usr/sbin/nologin kim

WORKDIR /app

# Dependencies first, so a code change does not reinstall them. The project installs no packages
# of its own (setuptools `packages = []`): the code runs from /app.
COPY pyproject.toml ./
RUN pip install .

COPY . .

# Settings refuse to load without a long SECRET_KEY, ALLOWED_HOSTS and PORTAL_BASE_URL when DEBUG is off; these
# build-time values exist only for this RUN and never reach the running container.
RUN export SECRET_KEY="build-time-only-collectstatic-key-not-used-at-runtime-0123456789" \
           ALLOWED_HOSTS=localhost PORTAL_BASE_URL=http://localhost \
    && if find . -path ./static_collected -prune -o -name '*.po' -print | grep -q .; then \
           python manage.py compilemessages --ignore=static_collected; \
       fi \
    && python manage.py collectstatic --noinput \
    && mkdir -p /data/media /app/var \
    && chown -R kim:kim /data/media /app/var

USER kim

EXPOSE 8000

# gunicorn.conf.py, the file `make serve` uses: preloaded and warmed workers, no access log with
# client addresses (the portal writes JSON request lines instead). GUNICORN_WORKERS etc. override.
ENV GUNICORN_BIND=0.0.0.0:8000
CMD ["gunicorn", "portal.wsgi:application", "--config", "gunicorn.conf.py"]
