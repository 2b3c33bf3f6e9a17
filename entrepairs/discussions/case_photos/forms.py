from django import forms
from django.utils.translation import gettext_lazy as _

from entrepairs.discussions.case_photos import services
from entrepairs.errors import ActionRefused
from entrepairs.privacy.forms import ConfirmPrivacyField


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos at once; the cheap checks (count, size, type by content) answer as form errors
    before anything is created. `already` is how many photos the case has."""

    widget = MultiplePhotoInput

    def __init__(self, *args, already: int = 0, **kwargs):
        kwargs.setdefault("label", _("Photos (optional)"))
        kwargs.setdefault(
            "help_text",
            _(
                "Up to 4 photos, JPEG, PNG or WebP, 10 MB each. Their metadata (place, date, device) is "
                "removed and faces are blurred; you review each photo before colleagues see it."
            ),
        )
        super().__init__(*args, **kwargs)
        self.already = already
        self.widget.attrs.setdefault("accept", "image/jpeg,image/png,image/webp")

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        uploads = [super(PhotosField, self).clean(upload, initial) for upload in uploads]
        uploads = [upload for upload in uploads if upload]
        if self.required and not uploads:
            raise forms.ValidationError(_("Choose one or more photos."), code="required")
        try:
            services.check_uploads(uploads, already=self.already)
        except ActionRefused as refusal:
            raise forms.ValidationError(refusal.message, code=refusal.code) from None
        return uploads


class AddPhotosForm(forms.Form):
    photos = PhotosField(required=True, label=_("Choose the photos"))

    def __init__(self, *args, already: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].already = already


class CaptionForm(forms.Form):
    caption = forms.CharField(
        label=_("Caption"),
        required=False,
        max_length=services.CAPTION_MAX,
        help_text=_(
            "What the photo shows (“Lésion du dos de la main, J3”): colleagues read it under the photo, "
            "and screen readers read it instead of the photo. Never the patient's name or details."
        ),
    )
    confirm_privacy = ConfirmPrivacyField()
