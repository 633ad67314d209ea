"""/api/v1/feeds/{items,open-licences,demands}/: the partner markets' incremental feeds (public,
throttled): entries changed since `updated_since`, in pages that resume on `cursor`; a
withdrawn entry comes as a deletion. `…/xlsx/` downloads the same entries as a workbook.
docs/feeds.md is the contract; transformation.feeds reads them."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from auction.api.serializers import CatalogueItemSerializer
from challenge.api.serializers import PublicDemandSerializer
from challenge.public import public_demand
from jbgs.api.throttling import ScopedRateThrottle
from transformation import feed_exports, feeds

EXPORT_CAP = 5000


class FeedQuerySerializer(serializers.Serializer):
    updated_since = serializers.DateTimeField(required=False, help_text=(
        "ISO 8601 date and time (2023-06-01T00:00:00+08:00): only entries changed at or after it."))
    cursor = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text=(
        "The `next_cursor` of the page before: the page goes on after it."))
    limit = serializers.IntegerField(required=False, min_value=1, max_value=feeds.MAX_LIMIT,
                                     default=feeds.DEFAULT_LIMIT)


class ExportQuerySerializer(FeedQuerySerializer):
    limit = None


class _EntrySerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Stable for ever: `<source>-<number>` (item-12, stock-5, demand-7).")
    source = serializers.CharField(help_text="What kind of record: `item` (the catalogue), `stock` (a stock "
                                             "patent's open licence), `demand`.")
    updated_at = serializers.DateTimeField()
    deleted = serializers.BooleanField(help_text="Withdrawn: remove the entry; `data` is null.")


class ItemEntrySerializer(_EntrySerializer):
    data = CatalogueItemSerializer(allow_null=True, help_text="The catalogue's public fields; amounts in yuan.")


class DemandEntrySerializer(_EntrySerializer):
    data = PublicDemandSerializer(allow_null=True, help_text="The demand's public projection: what the enterprise "
                                                             "hid is absent.")


class StockLicenceSerializer(serializers.Serializer):
    """What the public may see of a stock patent offered under an open licence: never its
    evaluations, scores, reviewer or screening."""

    title = serializers.CharField()
    application_number = serializers.CharField()
    patent_type = serializers.CharField()
    patent_type_label = serializers.CharField(source="get_patent_type_display")
    institution = serializers.CharField(source="organization.name")
    region = serializers.CharField(source="organization.region.full_name", allow_null=True, default=None)
    field = serializers.CharField(source="field.code", allow_null=True, default=None)
    field_name = serializers.CharField(source="field.name", allow_null=True, default=None)
    sub_field = serializers.CharField()
    open_licence_fee = serializers.CharField(help_text="The fee standard, as the institution published it.")
    open_licence_payment = serializers.CharField(help_text="The payment method.")
    registered_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()


class OpenLicenceEntrySerializer(_EntrySerializer):
    data = PolymorphicProxySerializer(
        component_name="OpenLicenceData", serializers=[CatalogueItemSerializer, StockLicenceSerializer],
        resource_type_field_name=None, allow_null=True,
        help_text="`item`: the catalogue's public fields (amounts in yuan); `stock`: the stock patent's public "
                  "fields and its open licence.")


class _PageSerializer(serializers.Serializer):
    next_cursor = serializers.CharField(allow_null=True, help_text=(
        "Pass it as `cursor` for the next page, now or later: null only when nothing was read yet."))
    has_more = serializers.BooleanField(help_text="More entries wait now: ask again at once.")
    until = serializers.DateTimeField(help_text="Entries changed after this are not served yet (they settle first).")


class ItemPageSerializer(_PageSerializer):
    results = ItemEntrySerializer(many=True)


class OpenLicencePageSerializer(_PageSerializer):
    results = OpenLicenceEntrySerializer(many=True)


class DemandPageSerializer(_PageSerializer):
    results = DemandEntrySerializer(many=True)


def _data(entry: feeds.Entry) -> dict | None:
    if entry.deleted:
        return None
    if entry.source == "demand":
        return PublicDemandSerializer(public_demand(entry.row, entry.row.targets.all())).data
    if entry.source == "stock":
        return StockLicenceSerializer(entry.row).data
    return CatalogueItemSerializer(entry.row).data


class _FeedView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "feeds"
    feed: feeds.Feed

    def _params(self, request, serializer=FeedQuerySerializer) -> dict:
        params = serializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        return params.validated_data


class _FeedPage(_FeedView):
    def get(self, request):
        params = self._params(request)
        page = feeds.read(self.feed, since=params.get("updated_since"), cursor=params.get("cursor", ""),
                          limit=params["limit"])
        stamp = serializers.DateTimeField()
        return Response({
            "results": [{"id": entry.id, "source": entry.source, "updated_at": stamp.to_representation(entry.updated_at),
                         "deleted": entry.deleted, "data": _data(entry)} for entry in page.entries],
            "next_cursor": page.next_cursor, "has_more": page.has_more, "until": stamp.to_representation(page.until)})


class _FeedExport(_FeedView):
    def get(self, request):
        params = self._params(request, ExportQuerySerializer)
        entries, more = feeds.everything(self.feed, since=params.get("updated_since"), cursor=params.get("cursor", ""),
                                         cap=EXPORT_CAP)
        response = feed_exports.workbook(self.feed, entries, more)
        if more:
            response["X-Next-Cursor"] = more
        return response


_PAGE_DOC = ("Entries in the order they changed, oldest first; a page resumes after `cursor`. An entry changed "
             "again comes again, later, with its new content; a withdrawn one comes with `deleted` true.")
_EXPORT_DOC = (f"The same entries as a workbook (.xlsx), at most {EXPORT_CAP}; when there were more, the header "
               "`X-Next-Cursor` says where to go on (and the sheet's last row says so).")
_XLSX = {(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiResponse(
    OpenApiTypes.BINARY, description="The entries, one a row, amounts in 万元.")}


@extend_schema(parameters=[FeedQuerySerializer], responses=ItemPageSerializer, description=_PAGE_DOC)
class ItemFeed(_FeedPage):
    """Published patents and results of the catalogue."""

    feed = feeds.ITEMS


@extend_schema(parameters=[FeedQuerySerializer], responses=OpenLicencePageSerializer, description=_PAGE_DOC)
class OpenLicenceFeed(_FeedPage):
    """Published items offered under an open licence (开放许可), with its fee standard, payment and term;
    and the institutions' stock patents registered with an open licence (存量专利开放许可, source `stock`)."""

    feed = feeds.OPEN_LICENCES


@extend_schema(parameters=[FeedQuerySerializer], responses=DemandPageSerializer, description=_PAGE_DOC)
class DemandFeed(_FeedPage):
    """Published demands (热门需求榜单), as the public sees them."""

    feed = feeds.DEMANDS


@extend_schema(parameters=[ExportQuerySerializer], responses=_XLSX, description=_EXPORT_DOC)
class ItemFeedExport(_FeedExport):
    feed = feeds.ITEMS


@extend_schema(parameters=[ExportQuerySerializer], responses=_XLSX, description=_EXPORT_DOC)
class OpenLicenceFeedExport(_FeedExport):
    feed = feeds.OPEN_LICENCES


@extend_schema(parameters=[ExportQuerySerializer], responses=_XLSX, description=_EXPORT_DOC)
class DemandFeedExport(_FeedExport):
    feed = feeds.DEMANDS

