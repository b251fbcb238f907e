#!/usr/bin/env bash
# Installs the Debian packages KubeSharp needs (container runtime, CNI, iptables, etcd, images tooling; curl and
# iproute2 for the start script and tests; gcc and libc6-dev to link the NativeAOT kubesharp binary),
# only when one is missing, so a second run is fast and needs no network.
APT_PACKAGES=(containerd runc containernetworking-plugins iptables etcd-server etcd-client busybox-static skopeo docker-registry curl iproute2 gcc libc6-dev)

install_prerequisites() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "the .NET SDK (10.0) is required and expected on this machine" >&2
    return 1
  fi
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then
      echo "run as root to install packages" >&2
      return 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}
