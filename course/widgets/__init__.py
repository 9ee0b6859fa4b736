"""Widgets (ipywidgets 8) whose logic lives in plain, headlessly tested functions."""

from course.widgets.cache_simulator import CacheSimulation, cache_simulator, simulate_cache

__all__ = ["CacheSimulation", "cache_simulator", "simulate_cache"]
