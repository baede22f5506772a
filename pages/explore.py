from components import explore
from components.cached import dataset

explore.render(dataset())
