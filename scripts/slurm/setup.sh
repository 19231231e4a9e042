#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for the cluster test and for trying `reclab slurm`:
# installs Debian's slurm-wlm and munge, writes a slurm.conf for this host (all its CPUs, no
# cgroups, no accounting), and starts munged, slurmctld and slurmd. Safe to run again.
set -euo pipefail
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
need=()
for pkg in slurm-wlm munge; do dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg"); done
if [ ${#need[@]} -gt 0 ]; then
  echo "==> installing ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# munge: a key, and the daemon.
if [ ! -s /etc/munge/munge.key ]; then
  $SUDO mkdir -p /etc/munge
  $SUDO dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
$SUDO chown munge:munge /etc/munge/munge.key 2>/dev/null || true
$SUDO chmod 400 /etc/munge/munge.key
$SUDO mkdir -p /run/munge /var/log/munge /var/lib/munge
$SUDO chown -R munge:munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null || true
# munged runs as the munge user; as root without sudo that is runuser's job.
if ! pgrep -x munged >/dev/null; then
  if [ -z "$SUDO" ]; then runuser -u munge -- /usr/sbin/munged || /usr/sbin/munged --force
  else $SUDO -u munge /usr/sbin/munged || $SUDO /usr/sbin/munged --force; fi
fi

# slurm.conf for this host: what slurmd detects (CPUs, memory), one partition, no cgroups.
host=$(hostname -s)
node=$(slurmd -C | head -1)
$SUDO mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
$SUDO tee /etc/slurm/slurm.conf >/dev/null <<CONF
ClusterName=reclab
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MaxArraySize=1001
MpiDefault=none
$node State=UNKNOWN
PartitionName=main Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
# No cgroup.conf: Slurm 22.05 then loads its cgroup/v1 plugin only for hardware detection; the
# proctrack and task plugins above do not use cgroups, so containers without them work.
$SUDO rm -f /etc/slurm/cgroup.conf

pgrep -x slurmctld >/dev/null || $SUDO /usr/sbin/slurmctld
pgrep -x slurmd >/dev/null || $SUDO /usr/sbin/slurmd
for _ in $(seq 1 60); do
  state=$(sinfo -h -N -o %t 2>/dev/null | head -1 || true)
  case "$state" in idle|mix|alloc) echo "==> slurm is up: node $host $state"; exit 0 ;; esac
  sleep 1
done
echo "slurm did not come up; logs:" >&2
tail -n 20 /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log >&2 || true
exit 1
