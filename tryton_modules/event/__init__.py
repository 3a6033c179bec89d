# This file is part of the customer portal project.
