"""The SPARQL service description over HTTP.

:func:`describe` answers a ``GET /sparql`` that carries no query or update (SPARQL 1.1 Service
Description §2): the description of :func:`graph.sparql.description.describe_service`, whose
``sd:endpoint`` is the request URL, in the negotiated RDF format (Turtle by default). The router
serves the same description at ``/.well-known/void`` (VoID's well-known location), pointing at
the ``/sparql`` endpoint. What the description says is the library's business; this module only
picks the endpoint IRI and the serialisation.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.routing import NoMatchFound

from api.negotiation import format_override, negotiate
from api.routes.store import request_iri
from graph.sparql.description import service_description

router = APIRouter(tags=["sparql"])


def describe(request: Request, endpoint: str | None = None) -> Response:
    """The service description of ``endpoint`` (default: this request's URL without query),
    as Turtle or the RDF format asked for by Accept or a ``format`` parameter (406 otherwise).

    Blocking (it waits for the engine): call it from a worker thread, e.g. with
    ``await run_in_threadpool(describe, request)``.
    """
    media = (format_override(request.query_params.get("format"), "graph")
             or negotiate(request.headers.get("accept"), "graph"))
    body = request.app.state.engine.call(service_description, media=media,
                                         endpoint=endpoint or request_iri(request))
    return Response(body, media_type=media)


@router.get("/.well-known/void", summary="VoID / service description of the dataset")
def well_known_void(request: Request) -> Response:
    """The service description with VoID statistics (triples per graph, class and property
    partitions), naming the ``/sparql`` endpoint."""
    try:
        endpoint = str(request.url_for("sparql_endpoint"))
    except NoMatchFound:
        endpoint = f"{request.base_url}sparql"
    return describe(request, endpoint)
