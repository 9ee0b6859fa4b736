"""Widgets (ipywidgets 8) whose logic lives in plain, headlessly tested functions."""

from course.widgets.cache_simulator import CacheSimulation, cache_simulator, simulate_cache
from course.widgets.hash_ring import hash_ring
from course.widgets.progress import progress_panel
from course.widgets.rate_limit_plot import rate_limit_plot
from course.widgets.tcp_states import LIFETIME, Step, tcp_states

__all__ = ["LIFETIME", "CacheSimulation", "Step", "cache_simulator", "hash_ring",
           "progress_panel", "rate_limit_plot", "simulate_cache", "tcp_states"]
