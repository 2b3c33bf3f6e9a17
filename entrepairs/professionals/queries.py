"""Reads of an account's own professional identity (never another account's)."""

from entrepairs.professionals.models import Profession, Qualification


def my_qualifications(user):
    return (
        Qualification.objects.filter(user=user)
        .select_related("profession", "specialty")
        .order_by("-verified_at", "id")
    )


def professions():
    return Profession.objects.all()
