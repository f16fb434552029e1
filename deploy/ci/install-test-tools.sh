#!/usr/bin/env bash
# Installs the tools the deploy module's tests run, where they are missing: promtool (Debian package prometheus),
# docker-compose (v1, used for `docker-compose config` only), kubectl (1.21 or newer, for its built-in kustomize), and
# chromium, in which the HTML scan report is opened.
# Idempotent and quiet; needs root and apt-get (Debian or Ubuntu). Run it before ./mvnw verify on a fresh machine.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
apt_updated=false
apt_install() {
  if [ "$apt_updated" = false ]; then
    apt-get update -qq
    apt_updated=true
  fi
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

installed_prometheus=false
if ! command -v promtool >/dev/null 2>&1; then
  apt_install prometheus
  installed_prometheus=true
fi

if ! command -v docker-compose >/dev/null 2>&1; then
  apt_install docker-compose
fi

# kubectl renders the kustomize overlays. The machine image carries a current one; where it does not, Debian's
# kubernetes-client is the fallback, but its built-in kustomize (kubectl 1.20) is older than deploy/k8s needs, so the
# Kubernetes test then fails saying which version it found.
if ! command -v kubectl >/dev/null 2>&1; then
  apt_install kubernetes-client
fi

if ! command -v chromium >/dev/null 2>&1; then
  apt_install chromium
fi

# The prometheus package starts a server where an init system runs; the tests need only promtool.
if [ "$installed_prometheus" = true ] && command -v systemctl >/dev/null 2>&1 \
    && systemctl is-active --quiet prometheus 2>/dev/null; then
  systemctl disable --now prometheus prometheus-node-exporter >/dev/null 2>&1 || true
fi

promtool --version 2>&1 | sed -n 1p
docker-compose version --short
kubectl version --client 2>/dev/null | sed -n 1p
chromium --version 2>/dev/null | sed -n 1p
