from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    """`{{ form }}` and `{{ field.as_field_group }}` render with the portal's markup."""

    form_template_name = "jbgs/forms/form.html"
    field_template_name = "jbgs/forms/field.html"
