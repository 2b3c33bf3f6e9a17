from django import forms
from django.utils.translation import gettext_lazy as _

from entrepairs.networks import departments
from entrepairs.networks.models import Membership, Network
from entrepairs.privacy.forms import ConfirmPrivacyField
from entrepairs.professionals.models import Profession, Specialty


class JoinForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your pseudonym in this network"),
        max_length=40,
        help_text=_("Other members see only this name. Do not use your real name."),
    )
    member_type = forms.ChoiceField(
        label=_("You join as"), choices=(), widget=forms.RadioSelect, required=False
    )
    consent = forms.BooleanField(label=_("I give my explicit consent"), required=False)
    request_message = forms.CharField(
        label=_("A word for the moderators (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    invitation_token = forms.CharField(required=False, widget=forms.HiddenInput)
    confirm_privacy = ConfirmPrivacyField()

    def __init__(self, *args, network: Network, member_types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Membership.MemberType.choices)
        self.fields["member_type"].choices = [(value, labels[value]) for value in member_types]
        if len(member_types) <= 1:
            self.fields["member_type"].widget = forms.HiddenInput()
        if network.kind != Network.Kind.PATIENTS:
            del self.fields["consent"]
            self.fields["display_name"].label = _("Your display name in this network")
            self.fields["display_name"].help_text = _(
                "Colleagues see this name with your verified profession."
            )
        if network.join_policy != Network.JoinPolicy.APPROVAL:
            del self.fields["request_message"]


class PersonaForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=40)
    bio = forms.CharField(
        label=_("About me"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 5})
    )
    show_bio = forms.BooleanField(
        label=_("Show my bio to the other members"),
        required=False,
        help_text=_("Hidden until you tick this: your profile then shows your pseudonym only."),
    )
    practice_area = forms.ChoiceField(
        label=_("Practice area"),
        required=False,
        choices=departments.CHOICES,
        help_text=_("Your department at most: never a town or an address."),
    )
    picture = forms.ImageField(
        label=_("Picture (optional)"),
        required=False,
        help_text=_(
            "Without one, you have a generated picture. A photo of your face lets people recognise you: "
            "in a patient network, prefer an image that is not you. Its metadata (place, device) is removed."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_picture = forms.BooleanField(label=_("Remove my picture"), required=False)
    confirm_privacy = ConfirmPrivacyField()

    def __init__(self, *args, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Patients and relatives choose to show their bio; a professional's bio is always on their
        # professional profile, with their practice area.
        if member is None or member.member_type == "professional":
            self.fields.pop("show_bio")
        if member is None or member.member_type != "professional":
            self.fields.pop("practice_area")
        if member is None or not member.avatar:
            self.fields.pop("remove_picture")
        else:
            self.fields["picture"].widget = forms.FileInput(
                attrs={"accept": "image/png,image/jpeg,image/webp"}
            )


class InvitationForm(forms.Form):
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=90, initial=14)
    max_uses = forms.IntegerField(label=_("Number of uses"), min_value=1, max_value=500, initial=1)
    note = forms.CharField(label=_("Note (only moderators see it)"), max_length=120, required=False)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class NetworkForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    admin_email = forms.EmailField(
        label=_("Email of its first administrator"),
        help_text=_(
            "An existing account becomes administrator at once; anyone else is invited by email and the "
            "network opens to members when they join. A network never goes live without a moderator."
        ),
        error_messages={"required": _("Name the network's first administrator by their email.")},
    )
    slug = forms.SlugField(label=_("Address (slug)"), max_length=60)
    kind = forms.ChoiceField(label=_("Kind"), choices=Network.Kind.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    language = forms.ChoiceField(label=_("Language"), choices=Network._meta.get_field("language").choices)
    theme_color = forms.RegexField(
        label=_("Theme colour"),
        regex=r"^#[0-9a-fA-F]{6}$",
        initial="#2f6f73",
        error_messages={"invalid": _("Use a colour like #2f6f73.")},
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    logo = forms.FileField(label=_("Logo (PNG, JPEG or WebP, 2 MB at most)"), required=False)
    join_policy = forms.ChoiceField(label=_("Join policy"), choices=Network.JoinPolicy.choices)
    allow_relatives = forms.BooleanField(label=_("Relatives and caregivers may join"), required=False)
    professions = forms.ModelMultipleChoiceField(
        label=_("Admitted professions"),
        queryset=Profession.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    specialties = forms.ModelMultipleChoiceField(
        label=_("Admitted specialties (optional)"),
        queryset=Specialty.objects.select_related("profession"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class NetworkSettingsForm(forms.Form):
    """What a network's administrators change after its creation (services.update_network)."""

    description = forms.CharField(
        label=_("Description"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    theme_color = forms.RegexField(
        label=_("Theme colour"),
        regex=r"^#[0-9a-fA-F]{6}$",
        error_messages={"invalid": _("Use a colour like #2f6f73.")},
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    logo = forms.FileField(label=_("New logo (PNG, JPEG or WebP, 2 MB at most)"), required=False)
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    join_policy = forms.ChoiceField(label=_("Join policy"), choices=Network.JoinPolicy.choices)
    allow_private_messages = forms.BooleanField(label=_("Members may write private messages"), required=False)

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        if network.kind != Network.Kind.PATIENTS:
            del self.fields["allow_private_messages"]  # colleagues always write to each other
