from components import treatment
from components.cached import dataset

treatment.render(dataset())
