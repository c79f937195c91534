"""What a benchmark ran on: the CPU, its vector instructions, torch's kernels and threads.

Times from different machines differ by several times, and torch picks its CPU kernels
by instruction set (AVX-512, AVX2, ...), which also changes the rounding and so the
number of epochs a seed needs. Every table says which machine and kernels produced it.
"""

from __future__ import annotations

import os
import platform
from pathlib import Path

import torch


def cpu_model() -> str:
    """The CPU's model name (``lscpu``'s "Model name", read from ``/proc/cpuinfo``), or the platform's guess."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def vector_flags() -> str:
    """'AVX2 yes, AVX-512 no' from the CPU's flags (Linux); 'unknown' elsewhere."""
    cpuinfo = Path("/proc/cpuinfo")
    if not cpuinfo.exists():
        return "AVX2 / AVX-512 unknown"
    flags: set[str] = set()
    for line in cpuinfo.read_text().splitlines():
        if line.startswith("flags"):
            flags = set(line.split(":", 1)[1].split())
            break
    return f"AVX2 {'yes' if 'avx2' in flags else 'no'}, AVX-512 {'yes' if 'avx512f' in flags else 'no'}"


def describe(threads: int | None = None) -> str:
    """One line: CPU, flags, the kernels torch uses, torch version, threads, CPU count, load."""
    capability = torch.backends.cpu.get_cpu_capability()
    forced = os.environ.get("ATEN_CPU_CAPABILITY")
    kernels = f"torch kernels {capability}" + (f" (ATEN_CPU_CAPABILITY={forced})" if forced else "")
    threads = torch.get_num_threads() if threads is None else threads
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return (
        f"CPU {cpu_model()} ({vector_flags()}) | {kernels} | torch {torch.__version__} | "
        f"torch threads {threads} | {os.cpu_count()} CPUs | load average {load}"
    )
