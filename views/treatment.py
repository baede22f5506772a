from components import treatment
from components.layout import page

page(treatment.render)
