"""The demo territory: Cœur de Flandre agglo, Hazebrouck, QPV Pasteur-Foch (seed 003)."""
