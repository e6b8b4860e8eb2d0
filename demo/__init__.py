"""The demo network of ``make run`` and the tests: DEMO DATA, not an official list of members.

The Hanoi Creative Spaces Network was launched on 10 December 2025 with 82 member spaces that
received certificates. The real venues in ``network.json`` (Manzi Art Space, Complex 01, VCCA,
Hanoi DocLab, Think Playgrounds, Hội quán Quảng Đông, …) are genuine Hanoi creative spaces, but
their membership, certificate numbers, coordinates and descriptions are illustrative only; the
other entries are invented, generic-sounding small venues that fill the demo to 82.

``network.json`` holds the spaces (certificate numbers in order), the workshop templates (each
attached to spaces whose ``disciplines`` include its ``discipline``) and the demo residents'
names; ``demo.seed`` loads them. Uses bookings/ and models/; nothing imports it but the app's
``seed-demo`` command, the tests and the benchmarks.
"""
