"""Forms of the kernel. Rules live on the models and validators; forms only gather input,
normalise what people type, and report problems beside the field at fault."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from jbgs import access, lockout
from jbgs.choices import (
    STAGES_BY_KIND,
    OrganizationKind,
    OrganizationStatus,
    RegionLevel,
    Role,
)
from jbgs.files import DOCUMENTS, validate_upload
from jbgs.models import CAMPAIGN_FIELDS, Campaign, IndustryField, Organization, Region, User
from jbgs.parsing import parse_date
from jbgs.services.organizations import ORGANIZATION_FIELDS
from jbgs.validators import validate_credit_code, validate_phone


def errors_text(form) -> str:
    """A form's errors in one line for a message, each with its field's label: what and where."""
    return " ".join(f"{form.fields[name].label}：{error}" if name in form.fields else str(error)
                    for name, errors in form.errors.items() for error in errors)


class LooseDateField(forms.DateField):
    """A date field that understands the ways people write dates in Chinese forms."""

    widget = forms.TextInput(attrs={"placeholder": _("yyyy-mm-dd"), "autocomplete": "off"})

    def to_python(self, value):
        return parse_date(value)

    def prepare_value(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else value


def region_choices() -> list:
    """Jiangsu's cities, each with its counties, then the other provinces, as <optgroup>s."""
    regions = list(Region.objects.select_related("parent").order_by("code"))
    cities = [r for r in regions if r.level == RegionLevel.CITY]
    groups = []
    for city in cities:
        counties = [(r.code, r.name) for r in regions if r.parent_id == city.code]
        groups.append(
            (
                f"江苏省{city.name}",
                [(city.code, _("%(city)s (city level)") % {"city": city.name}), *counties],
            )
        )
    provinces = [
        (r.code, r.name) for r in regions if r.level == RegionLevel.PROVINCE and not r.in_jiangsu
    ]
    groups.append((_("Outside Jiangsu"), provinces))
    return [("", "---------"), *groups]


class RegionField(forms.ModelChoiceField):
    """A region picked from <optgroup>s of Jiangsu's cities and the other provinces."""

    def __init__(self, **kwargs):
        kwargs.pop("queryset", None)
        super().__init__(queryset=Region.objects.all(), **kwargs)

    def group_choices(self):
        self.widget.choices = region_choices()


class OrganizationForm(forms.ModelForm):
    """A unit's details: the administrator's correction form, and the base of the application."""

    class Meta:
        model = Organization
        fields = list(ORGANIZATION_FIELDS)
        field_classes = {"region": RegionField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].group_choices()

    def clean_credit_code(self):
        return validate_credit_code(self.cleaned_data["credit_code"])

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        validate_phone(phone)
        return phone

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


class ApplicationForm(OrganizationForm):
    """A unit applying to join, with the account of the person applying."""

    username = forms.RegexField(
        label=_("User name"),
        max_length=30,
        regex=r"^[A-Za-z0-9_.@+-]{3,30}$",
        help_text=_("3–30 letters, digits or _ . @ + -; you sign in with it."),
        error_messages={"invalid": _("Use 3–30 letters, digits or _ . @ + -.")},
    )
    applicant_name = forms.CharField(label=_("Your full name"), max_length=100)
    applicant_email = forms.EmailField(
        label=_("Your e-mail"), help_text=_("The review result is sent here.")
    )
    applicant_phone = forms.CharField(label=_("Your phone"), max_length=30)
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    registration_document = forms.FileField(
        label=_("Registration certificate"),
        required=False,
        help_text=_(
            "Business licence or legal-person certificate: PDF, PNG or JPEG, at most 20 MB."
        ),
    )
    terms = forms.BooleanField(
        label=_("I confirm the information is true and the unit agrees to take part.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            c for c in OrganizationKind.choices if c[0] != OrganizationKind.PLATFORM_OPERATOR
        ]

    def _credit_code(self) -> str:
        return self.data.get("credit_code", "").strip().upper()

    def _existing(self, **lookup):
        """A unit that holds this name or code, other than the rejected one applying again."""
        return (
            Organization.objects.filter(**lookup)
            .exclude(status=OrganizationStatus.REJECTED, credit_code=self._credit_code())
            .first()
        )

    def applies_again(self) -> bool:
        """Whether this applies again for a rejected unit (services.organizations says who may)."""
        return Organization.objects.filter(
            credit_code=self._credit_code(), status=OrganizationStatus.REJECTED
        ).exists()

    def clean_credit_code(self):
        code = super().clean_credit_code()
        existing = self._existing(credit_code=code)
        if existing:
            raise ValidationError(self._taken_message(existing), code="credit_code_taken")
        return code

    def clean_name(self):
        name = super().clean_name()
        existing = self._existing(name=name)
        if existing:
            raise ValidationError(self._taken_message(existing), code="name_taken")
        return name

    @staticmethod
    def _taken_message(org):
        if org.status == OrganizationStatus.REJECTED:
            return _(
                "A unit with another credit code applied under this name. Check the name and the code, or ask the platform administrator."
            )
        if org.status == OrganizationStatus.PENDING:
            return _("This unit has already applied; its application is waiting for review.")
        return _(
            "This unit is already registered. Ask its liaison or the platform administrator for an account."
        )

    def clean_username(self):
        username = self.cleaned_data["username"]
        rejected = Organization.objects.filter(
            credit_code=self._credit_code(), status=OrganizationStatus.REJECTED
        ).first()
        taken = User.objects.filter(username__iexact=username)
        if rejected:
            taken = taken.exclude(organization=rejected, is_active=False)
        if taken.exists():
            raise ValidationError(
                _("This user name is taken; choose another."), code="username_taken"
            )
        return username

    def clean_applicant_phone(self):
        phone = self.cleaned_data["applicant_phone"].strip()
        validate_phone(phone)
        return phone

    def clean_registration_document(self):
        document = self.cleaned_data.get("registration_document")
        if document:
            validate_upload(document, DOCUMENTS)
        return document

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error(
                "password2",
                ValidationError(_("The two passwords differ."), code="password_mismatch"),
            )
        elif p1:
            probe = User(
                username=cleaned.get("username", ""),
                name=cleaned.get("applicant_name", ""),
                email=cleaned.get("applicant_email", ""),
            )
            try:
                password_validation.validate_password(p1, probe)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def validate_unique(self):
        # Name and credit code are checked above, allowing a rejected unit to apply again.
        pass

    def organization_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in ORGANIZATION_FIELDS}


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.HiddenInput
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles of the applicant's account"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    comment = forms.CharField(
        label=_("Comment or reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when rejecting: the applicant reads it."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "approve" and not cleaned.get("roles"):
            self.add_error("roles", _("Give the account at least one role."))
        if cleaned.get("decision") == "reject" and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Say why the application is rejected."))
        return cleaned


class LockoutAwareMixin:
    """A sign-in form that says when a refusal is the lockout's (jbgs.lockout), and until
    when, rather than calling the right password wrong."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if lockout.is_locked_out(self.request):
                raise ValidationError(
                    lockout.message(self.request, self.cleaned_data.get("username")),
                    code="locked_out",
                ) from None
            raise


class SignInForm(LockoutAwareMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("The user name or password is wrong. Both are case-sensitive."),
        "inactive": _(
            "This account is not active yet: its unit's application may still be under review."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("User name")

    def confirm_login_allowed(self, user):
        refusal = access.sign_in_refusal(user)
        if refusal:
            code, message = refusal
            raise ValidationError(message, code=code)


class BackofficeSignInForm(LockoutAwareMixin, AdminAuthenticationForm):
    """The back office's sign-in (config.urls), under the same lockout."""


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's, with each e-mail sent by a Celery task after commit (jbgs.tasks), not by
    the request. The task makes the link itself: no reset token waits in the broker."""

    def save(self, *, request=None, use_https=False, domain_override=None, **kwargs):
        from jbgs.tasks import email_password_reset

        domain = domain_override or get_current_site(request).domain
        protocol, language = ("https" if use_https else "http"), translation.get_language()
        for user in self.get_users(self.cleaned_data["email"]):
            transaction.on_commit(
                lambda pk=user.pk: email_password_reset.delay(pk, domain, protocol, language), robust=True
            )


class OptionalPhoneMixin:
    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone:
            validate_phone(phone)
        return phone


class AccountForm(OptionalPhoneMixin, forms.ModelForm):
    """A person's own details. A new e-mail address takes the current password: the address
    receives password resets, so whoever holds a signed-in browser must not redirect them."""

    current_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Needed only to change the e-mail address."),
    )

    class Meta:
        model = User
        fields = ["name", "email", "phone"]


class UserForm(OptionalPhoneMixin, forms.ModelForm):
    """An administrator's form for an account; the password only when creating."""

    password = forms.CharField(
        label=_("Initial password"),
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = User
        fields = ["username", "name", "email", "phone", "organization", "roles", "expert_kind", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.exclude(
            status=OrganizationStatus.REJECTED
        )
        self.fields["organization"].required = True
        if self.instance.pk:
            del self.fields["password"]
            self.fields["username"].disabled = True
        else:
            self.fields["password"].required = True
            del self.fields["is_active"]

    def clean(self):
        cleaned = super().clean()
        if Role.EXPERT in cleaned.get("roles", []) and not cleaned.get("expert_kind"):
            self.add_error("expert_kind", _("Say what kind of expert: a panel needs all three kinds."))
        return cleaned

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if password:
            probe = User(username=self.data.get("username", ""), name=self.data.get("name", ""))
            password_validation.validate_password(password, probe)
        return password


class CampaignForm(forms.ModelForm):
    """What every campaign has; each app's rules for its kind come as a form of their own
    (jbgs.rules.RulesSection.form_class), shown and saved on the same page."""

    class Meta:
        model = Campaign
        fields = ["year", "kind", *CAMPAIGN_FIELDS]
        field_classes = {f: LooseDateField for f in ("starts_on", "ends_on", "submission_deadline")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The kind is chosen before the page opens: it decides which rules and stages apply.
        self.fields["kind"].disabled = True
        if self.instance.pk:
            self.fields["year"].disabled = True


class StageForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput)
    starts_on = LooseDateField(label=_("Starts on"), required=False)
    ends_on = LooseDateField(label=_("Ends on"), required=False)
    ongoing = forms.BooleanField(label=_("Ongoing"), required=False)

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("starts_on")
            and cleaned.get("ends_on")
            and cleaned["ends_on"] < cleaned["starts_on"]
        ):
            self.add_error("ends_on", _("A stage cannot end before it starts."))
        return cleaned


StageFormSet = forms.formset_factory(StageForm, extra=0)


def stage_initial(campaign: Campaign | None, kind: str) -> list[dict]:
    """One row per stage of the kind, filled from the campaign's stages where it has them."""
    existing = {s.code: s for s in campaign.stages.all()} if campaign and campaign.pk else {}
    rows = []
    for code in STAGES_BY_KIND[kind]:
        stage = existing.get(code)
        rows.append(
            {
                "code": code,
                "starts_on": stage and stage.starts_on,
                "ends_on": stage and stage.ends_on,
                "ongoing": bool(stage and stage.ongoing),
            }
        )
    return rows


class CopyCampaignForm(forms.Form):
    year = forms.IntegerField(label=_("New year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)


class IndustryFieldForm(forms.ModelForm):
    class Meta:
        model = IndustryField
        fields = ["year", "code", "name", "position"]


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    action = forms.CharField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Actor"), required=False)
    date_from = LooseDateField(label=_("From"), required=False)
    date_to = LooseDateField(label=_("To"), required=False)


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *OrganizationKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *OrganizationStatus.choices],
        required=False,
    )
    city = forms.ChoiceField(label=_("City"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cities = Region.objects.jiangsu_cities()
        self.fields["city"].choices = [
            ("", _("All regions")),
            *[(c.code, c.name) for c in cities],
            ("out", _("Outside Jiangsu")),
        ]


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All roles")), *Role.choices], required=False
    )
