# The production image: gunicorn serving the app with whitenoise for static files; the
# same image runs the Celery worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 JBGS_ENV=production

RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential libpq-dev libpq5 fonts-noto-cjk \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
COPY jbgs ./jbgs
COPY auction ./auction
COPY challenge ./challenge
COPY sessions_mgmt ./sessions_mgmt
RUN pip install --no-cache-dir -c constraints.txt . \
 && apt-get purge -y build-essential libpq-dev && apt-get autoremove -y

COPY . .
# Build-time values only satisfy the production checks; nothing connects anywhere.
RUN SECRET_KEY="build-$(head -c 48 /dev/urandom | base64 | tr -d '\n')" ALLOWED_HOSTS=build \
    DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend STATIC_ROOT=/app/staticfiles \
    sh -c "python manage.py compile_catalogues && python manage.py collectstatic --noinput -v 0"

RUN useradd --system --uid 10001 --home /app jbgs && mkdir -p /app/var/media && chown -R jbgs /app/var
USER jbgs
ENV STATIC_ROOT=/app/staticfiles MEDIA_ROOT=/app/var/media
EXPOSE 8000
# Sync workers, one per core and one more (see the README's "Scaling out").
CMD ["sh", "-c", "exec gunicorn config.wsgi --bind 0.0.0.0:8000 --workers ${WEB_WORKERS:-$(($(nproc) + 1))} --threads ${WEB_THREADS:-1} --access-logfile -"]
