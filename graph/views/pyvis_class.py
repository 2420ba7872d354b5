"""pyvis's ``Network`` class, imported without IPython (the renderer's only way to it,
:mod:`graph.views.render`)."""

from __future__ import annotations

import sys
import types


def network_class() -> type:
    """pyvis's ``Network``, imported without IPython when nothing has imported it yet: pyvis
    0.3.2 imports ``IPython.display`` at its top for notebooks' ``show()``, which this service
    never calls, and IPython came with its terminal, prompt_toolkit and jedi into every engine
    worker's preload (2.0 s without it 1.7 s, here). A stand-in ``IPython.display`` is put in
    ``sys.modules`` for pyvis's import only, then taken out."""
    if "pyvis.network" not in sys.modules and "IPython.display" not in sys.modules:
        stand_in = types.ModuleType("IPython.display", "stand-in while pyvis is imported")
        stand_in.IFrame = None  # type: ignore[attr-defined]
        sys.modules["IPython.display"] = stand_in
        try:
            import pyvis.network  # noqa: F401
        finally:
            if sys.modules.get("IPython.display") is stand_in:
                del sys.modules["IPython.display"]
    from pyvis.network import Network
    return Network
