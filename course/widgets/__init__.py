"""Widgets (ipywidgets 8) whose logic lives in plain, headlessly tested functions."""

from course.widgets.cache_simulator import CacheSimulation, cache_simulator, simulate_cache
from course.widgets.tcp_states import LIFETIME, Step, tcp_states

__all__ = ["LIFETIME", "CacheSimulation", "Step", "cache_simulator", "simulate_cache",
           "tcp_states"]
