"""Who may come in from the showroom network: PINs, sign-in tokens and lockouts (no streamlit, no workbook).

PINs live only as salted scrypt hashes in the user's config folder, never in the workbook or this repository.
"""
