# The web apps (agent app, customer widget and its loader) from the locked npm packages.
FROM node:20-slim AS frontend
WORKDIR /app/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend ./
RUN npm run build

# Build: resolve the locked dependencies into /app/.venv.
FROM python:3.12-slim AS build
RUN pip install --no-cache-dir uv==0.13.8
WORKDIR /app
ENV UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY src ./src
COPY migrations ./migrations
RUN uv sync --frozen --no-dev

# Run: the same paths, a non-root user, data in a volume.
FROM python:3.12-slim
RUN useradd --create-home --uid 10001 helpdesk \
    && mkdir /data && chown helpdesk:helpdesk /data
WORKDIR /app
COPY --from=build /app /app
# Found by Settings.frontend_dir (<project>/frontend/dist).
COPY --from=frontend /app/frontend/dist /app/frontend/dist
ENV PATH=/app/.venv/bin:$PATH \
    HELPDESK_DATA_DIR=/data \
    PYTHONUNBUFFERED=1
USER helpdesk
VOLUME /data
EXPOSE 8000
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["helpdesk-api", "serve", "--host", "0.0.0.0", "--port", "8000"]
