"""/api/v1/applications/: project applications (立项申报). The list holds what the caller may
see (its unit's own; for a city's organisers, the city's submitted ones; for the
administrators, every submitted one); POST creates a draft of the caller's unit; a draft is
changed with PATCH and submitted with POST …/submit/; the city recommends with …/recommend/,
the province decides with …/decide/; …/verify/ checks a digest read off a printed 申报书.
Stable fields: id, call, organization, status, title, digest, submitted_at."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from transformation import application_access as access
from transformation import application_content as contents
from transformation import application_selectors as selectors
from transformation.choices import ApplicationStatus, Figure
from transformation.models import Call, ProjectApplication
from transformation.services import applications as services


class ProjectApplicationSerializer(serializers.ModelSerializer):
    organization = serializers.SerializerMethodField()
    city = serializers.CharField(source="city_id", allow_null=True, help_text="The city's division code.")

    class Meta:
        model = ProjectApplication
        fields = ["id", "call", "organization", "city", "status", "title", "digest", "submitted_at", "plan",
                  "targets", "liaison_name", "liaison_phone", "declared", "deal", "figures", "verdict",
                  "recommended_at", "recommendation", "decided_at", "decision"]

    def get_organization(self, application) -> dict:
        return {"id": application.organization_id, "name": application.organization.name}


class ApplicationDraftSerializer(serializers.Serializer):
    call = serializers.IntegerField(required=False, help_text="The call's id (on creation).")
    title = serializers.CharField(max_length=200, required=False)
    plan = serializers.CharField(required=False, allow_blank=True)
    targets = serializers.CharField(required=False, allow_blank=True)
    liaison_name = serializers.CharField(required=False, allow_blank=True)
    liaison_phone = serializers.CharField(required=False, allow_blank=True)
    chain_location = serializers.BooleanField(required=False, help_text=Figure.CHAIN_LOCATION.label)
    chain_enterprises = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    ip_body = serializers.BooleanField(required=False, help_text=Figure.IP_BODY.label)
    deal = serializers.IntegerField(required=False, allow_null=True, help_text="A registered deal the unit sold.")


class ApplicationDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[ApplicationStatus.FUNDED, ApplicationStatus.DECLINED])
    comment = serializers.CharField(required=False, allow_blank=True)


class ApplicationCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True)


class ApplicationVerifySerializer(serializers.Serializer):
    digest = serializers.CharField(max_length=100)


class ApplicationVerifyAnswerSerializer(serializers.Serializer):
    matches = serializers.BooleanField()
    digest = serializers.CharField()



def _one(request, pk: int) -> ProjectApplication:
    application = get_object_or_404(selectors.application(pk))
    if not access.may_see(request.user, application):
        raise Http404
    return application


class ApplicationList(generics.ListAPIView):
    """GET: the applications the caller may see, newest first. POST: a draft of the caller's unit."""

    serializer_class = ProjectApplicationSerializer

    def get_queryset(self):
        return access.visible_applications(self.request.user).select_related("organization").order_by(
            "-submitted_at", "-pk")

    @extend_schema(request=ApplicationDraftSerializer, responses={201: ProjectApplicationSerializer})
    def post(self, request):
        data = ApplicationDraftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        call_id = values.pop("call", None)
        if call_id is None:
            raise serializers.ValidationError({"call": ["Name the call."]})
        call = Call.objects.filter(pk=call_id).first()
        if call is None:
            raise serializers.ValidationError({"call": ["No such call."]})
        application = services.save_draft(actor=request.user, call=call, data=values)
        return Response(ProjectApplicationSerializer(application).data, status=status.HTTP_201_CREATED)


class ApplicationDetail(APIView):
    """GET: one application. PATCH: a draft's changes (the fields given; the others kept)."""

    @extend_schema(responses=ProjectApplicationSerializer)
    def get(self, request, pk: int):
        return Response(ProjectApplicationSerializer(_one(request, pk)).data)

    @extend_schema(request=ApplicationDraftSerializer, responses=ProjectApplicationSerializer)
    def patch(self, request, pk: int):
        application = _one(request, pk)
        data = ApplicationDraftSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = {"title": application.title, "plan": application.plan, "targets": application.targets,
                  "liaison_name": application.liaison_name, "liaison_phone": application.liaison_phone,
                  "deal": application.deal_id, **application.declared, **data.validated_data}
        values.pop("call", None)
        application = services.save_draft(actor=request.user, call=application.call, application=application,
                                          data=values)
        return Response(ProjectApplicationSerializer(application).data)


class Submit(APIView):
    """The draft submitted: refused (400, `not_eligible` with `failed` rule codes) when an
    eligibility rule is not met; the content's digest fixed."""

    @extend_schema(request=None, responses=ProjectApplicationSerializer)
    def post(self, request, pk: int):
        application = services.submit(actor=request.user, application=_one(request, pk))
        return Response(ProjectApplicationSerializer(application).data)


class Recommend(APIView):
    """The city recommends (its organisers): refused (400, `city_cap`) beyond the call's cap."""

    @extend_schema(request=ApplicationCommentSerializer, responses=ProjectApplicationSerializer)
    def post(self, request, pk: int):
        data = ApplicationCommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.recommend(actor=request.user, application=_one(request, pk),
                                         comment=data.validated_data.get("comment", ""))
        return Response(ProjectApplicationSerializer(application).data)


class Decide(APIView):
    """The province (administrators) funds or declines a recommended application."""

    @extend_schema(request=ApplicationDecisionSerializer, responses=ProjectApplicationSerializer)
    def post(self, request, pk: int):
        data = ApplicationDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.decide(actor=request.user, application=_one(request, pk),
                                      funded=data.validated_data["decision"] == ApplicationStatus.FUNDED,
                                      comment=data.validated_data.get("comment", ""))
        return Response(ProjectApplicationSerializer(application).data)


class Verify(APIView):
    """Whether a digest read off a printed 申报书 is the stored application's."""

    @extend_schema(request=ApplicationVerifySerializer, responses=ApplicationVerifyAnswerSerializer)
    def post(self, request, pk: int):
        application = _one(request, pk)
        data = ApplicationVerifySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response({"matches": contents.digest_matches(application, data.validated_data["digest"]),
                         "digest": application.digest})
