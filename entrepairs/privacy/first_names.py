"""Given names for recognising people by rule: the most common first names in France and in
English-speaking countries across the generations members and their relatives were born in, with the
diminutives and nicknames people sign and call each other by ("Nath", "Seb", "Deb", "Jess").

A word of these lists is a name on its own ("Sophie m'a accompagnée", "Greg and Pam brought dinner"),
and in lower case only after a relative, a greeting or an introduction ("ma fille léa", "merci
sandrine", "i'm jenny"). Names that are also ordinary words (Hope, Will, Rose, Pierre...) need more
evidence, and so do names that are also cities (Nancy, Charlotte, Austin): see `names.py`.
"""

FRENCH_FIRST_NAMES = frozenset(
    """
    Abdel Abdelkader Abdoulaye Achille Adam Adèle Adeline Adrien Agathe Agnès Ahmed Aicha Aïcha Alain
    Albane Albert Alexandre Alexandra Alexia Alexis Alfred Ali Alice Alicia Aline Alix Amandine Amaury
    Amel Amélie Amina Aminata Amine Anaëlle Anaïs André Andréa Andrée Angèle Angélique Anne Annabelle
    Annick Annie Antoine Apolline Ariane Arlette Armand Armelle Arnaud Arthur Astrid Aude Audrey Augustin
    Augustine Aurélie Aurélien Aurore Awa Axel Axelle Baptiste Bastien Béatrice Benjamin Benoît
    Bérénice Bernadette Bernard Bertrand Bilal Blandine Boris Brice Brigitte Bruno Camille Carine Carla
    Carole Caroline Cassandra Catherine Cécile Cédric Céline Chantal Charles Charline Charlotte Chloé
    Christel Christelle Christian Christiane Christine Christophe Clara Clarisse Claude Claudette Claudia
    Claudine Clément Clémence Clémentine Clotilde Colette Coline Coralie Corentin Corinne Cyril Cyrille
    Damien Daniel Danielle Danièle Daphné David Déborah Delphine Denis Denise Didier Dimitri Djamila
    Dominique Dorothée Dylan Edgar Edith Édith Édouard Éléonore Élie Eliott Élisa Élise Élodie Elsa Émeline
    Émile Émilie Emma Emmanuel Emmanuelle Enzo Éric Erwan Estelle Éthan Étienne Eugène Eva Éva Évan
    Évelyne Fabien Fabienne Fabrice Fanny Farid Fatima Fatou Fatoumata Faustine Félix Fernand Flavie
    Flora Florence Florent Florian Francine Francis Franck François Françoise Frédéric Frédérique Gabin Gabriel
    Gaël Gaëlle Gaëtan Gaspard Gauthier Geneviève Geoffrey Georges Georgette Gérald Géraldine Gérard
    Germain Germaine Ghislaine Gilbert Gilles Ginette Gisèle Grégoire Grégory Guillaume Gwenaël
    Gwenaëlle Gwendoline Guy Hakim Hamza Hélène Héloïse Henri Henriette Hervé Hortense Hugo Hugues Huguette
    Ibrahim Ibrahima Ilyès Inès Ingrid Irène Isabelle Jacqueline Jade Jacques Jean Jeanne Jeannine Jérémie
    Jérémy Jérôme Jocelyne Joël Joëlle Johanna Jonathan Josiane Joseph Josette Jules Julia Julie Julien
    Juliette Justine Karim Karima Karine Katia Kevin Khadija Kylian Killian Laetitia Laëtitia Laura Laure
    Laurence Laurent Laurie Léa Leïla Léna Léo Léon Léonard Léonie Liliane Lilou Lina Line Lionel Lisa Lise
    Loïc Lola Louane Louis Louise Luc Lucas Lucette Lucie Lucien Lucienne Lucille Ludivine Ludovic Lydia
    Lydie Madeleine Maël Maëlle Maëlys Maéva Magali Maïwenn Malik Malika Mamadou Manon Marc Marcel
    Marcelle Margaux Margot Marguerite Maria Mariama Marianne Marie Marina Marine Marion Marius Marjorie
    Marlène Martin Martine Maryse Maryvonne Mathéo Mathias Mathieu Mathilde Mathis Matthieu Maud Maureen
    Maurice Maxence Maxime Mehdi Mélanie Mélissa Mélodie Meriem Michel Micheline Michèle Mickaël Mila
    Mireille Mohamed Mohammed Monique Morgane Mourad Moussa Murielle Muriel Myriam Nabil Nadège Nadia
    Nadine Naïma Nassim Nathalie Nathan Nicolas Nicole Nina Noah Noé Noémie Noëlle Nora Norbert Océane
    Octave Odette Odile Olivier Omar Ophélie Oscar Oumar Pascal Pascale Patrice Patricia Patrick Paul
    Paulette Pauline Perrine Philippe Pierre Quentin Rachid Rachida Raphaël Raymond Raymonde Rayan Rebecca
    Régine Régis Rémi Rémy Renaud Renée René Richard Robert Robin Rodolphe Roger Romain Romane Rosalie
    Roseline Roxane Ruben Sabine Sabrina Sacha Salomé Samia Samir Samuel Sandra Sandrine Sarah Sébastien
    Serge Séverine Simon Simone Sofiane Sofia Solange Solène Sonia Sophie Stéphane Stéphanie Suzanne
    Sylvain Sylviane Sylvie Tatiana Théo Théophile Thérèse Thibault Thibaut Thierry Thomas Timéo
    Timothée Tom Tony Tristan Valentin Valentine Valérie Vanessa Véronique Victor Vincent Virginie
    Viviane Walid Xavier Yacine Yanis Yann Yannick Yasmina Yasmine Yolande Youssef Yves Yvette Yvon
    Yvonne Zoé Zohra
    """.split()
)

# What people call each other in French posts and sign with.
FRENCH_DIMINUTIVES = frozenset(
    """
    Babeth Béa Cathy Caro Chris Clem Dédé Domi Fanfan Flo Fred Gégé Greg Isa Jeannot Jojo Juju Ludo Manu
    Mimi Momo Nanou Nath Nico Pierrot Seb Steph Tiph Titi Vivi Zaza Fanfan Jojo Juju Loulou Toto Riri
    Fifi Nono Kiki Lolo Doudou Chouchou
    """.split()
)

ENGLISH_FIRST_NAMES = frozenset(
    """
    Aaliyah Aaron Abigail Adam Adrian Aiden Alan Albert Alejandro Alex Alexa Alexander Alexis Alfred
    Alice Alicia Allen Allison Alyssa Amanda Amber Amelia Amy Ana Andre Andrea Andrew Angela Angelina Anil Ann
    Anna Anne Annie Anthony Antonio Arianna Arthur Ashley Aubrey Audrey Austin Ava Avery Bailey Barbara
    Barry Beatrice Benjamin Bernard Bernice Bethany Betty Beverly Bianca Bonnie Bradley Brandon Brayden
    Brenda Brendan Brent Brett Brian Brianna Bridget Brittany Brooke Bruce Bryan Bryce Caitlin Caleb Calvin
    Camila Cameron Candace Carl Carla Carlos Carmen Carol Caroline Carolyn Carrie Casey Cassandra Catherine
    Cecilia Chad Charlene Charles Charlie Charlotte Cheryl Chloe Christian Christina Christine Christopher
    Cindy Claire Clara Clarence Claudia Clayton Clifford Cody Colin Colleen Connie Connor Courtney Craig
    Curtis Cynthia Dale Dana Daniel Danielle Darlene Darrell Darren David Dean Deanna Deborah Debra Declan
    Delores Denise Dennis Derek Devin Diana Diane Diego Dolores Dominic Donald Donna Dora Doreen Doris
    Dorothy Douglas Duane Dustin Dwayne Dwight Dylan Earl Easton Eddie Edgar Edith Edna Edward Edwin
    Eileen Elaine Eleanor Elena Eli Elias Elijah Elise Elizabeth Ella Ellen Ellie Elsie Emilia Emily Emma
    Emmett Eric Erica Erik Erin Ernest Esther Ethan Ethel Eugene Eva Evan Evelyn Everett Ezra Felicia
    Fernando Floyd Frances Francis Gabriel Gabriella Gail Garrett Gary Gavin Genevieve George Gerald
    Gertrude Gianna Gina Gladys Glenn Gloria Gordon Grace Grayson Gregory Hailey Haley Hannah Harold Harper
    Harriet Harry Heather Heidi Helen Henry Herbert Herman Howard Hudson Ian Ida Irene Isaac Isabel
    Isabella Isabelle Isaiah Ivan Jack Jackie Jacob Jacqueline James Jamie Jane Janet Janice Jared Jasmine
    Jason Jayden Jean Jeanette Jeffrey Jenna Jennifer Jeremy Jerry Jesse Jessica Jessie Jill Joan Joann
    Joanne Jocelyn Joe Joel Joey John Johnny Jonathan Jordan Jorge Jose Joseph Josephine Joshua Joyce
    Juan Judith Judy Julia Julian Julie June Justin Kaitlyn Kara Karen Karl Katelyn Katherine Kathleen
    Kathryn Katie Katrina Kayla Kaylee Kayleigh Keisha Keith Kelly Kelsey Kendra Kenneth Kevin Kimberly
    Kinsley Kristen Kristin Kristina Kyle Kylie Landon Larry Latoya Laura Lauren Lawrence Layla Leah Leo
    Leon Leonard Leslie Liam Lillian Lily Linda Lindsay Lindsey Lisa Lloyd Logan Lois Loretta Lori
    Lorraine Louis Louise Lucas Lucille Lucy Luis Luke Lydia Lynn Mackenzie Madeline Madelyn Madison
    Manuel Marcia Marcus Margaret Maria Marian Marie Marilyn Marion Marjorie Mark Marlene Marsha Martha Martin
    Marvin Mary Mason Mateo Matthew Maureen Maurice Maxine Maya Megan Melanie Melinda Melissa Melvin
    Meredith Mia Micah Michael Michelle Miguel Mildred Milton Miranda Mitchell Molly Monica Morgan Nancy
    Naomi Natalie Nathan Nathaniel Neil Nellie Nicholas Nicole Nina Noah Nolan Nora Norma Norman Olivia
    Oliver Oscar Owen Paige Pamela Patricia Patrick Paul Paula Pauline Peggy Penelope Peter Philip
    Phyllis Preston Priscilla Priya Rachael Rachel Ralph Ramon Randall Randy Raymond Rebecca Regina
    Reginald Renee Rhonda Ricardo Richard Riley Rita Robert Roberta Robin Rodney Roger Ronald Rosa Rosalind Rose
    Rosemary Ross Roy Russell Ruth Ryan Sabrina Sadie Sally Samantha Samuel Sandra Sara Sarah Scott Sean
    Seth Shane Shannon Sharon Shawn Sheila Shelby Shirley Sidney Sofia Sophia Sophie Spencer Stacey Stacy
    Stanley Stella Stephanie Stephen Steven Stuart Susan Sylvia Tamara Tammy Tanya Tara Taylor Teresa
    Terrence Terry Theodore Theresa Thomas Tiffany Timothy Tracy Travis Trevor Tyler Valerie Vanessa Vera
    Vernon Veronica Victor Victoria Vincent Viola Violet Virginia Vivian Wade Wallace Walter Warren Wayne
    Wendy Wesley Whitney William Willie Wilma Winston Wyatt Xavier Yolanda Yvonne Zachary Zoe Zoey
    """.split()
)

# Short forms and pet names in English posts and signatures.
ENGLISH_DIMINUTIVES = frozenset(
    """
    Abby Barb Becca Becky Bella Ben Benny Beth Betsy Bev Billy Bob Bobby Brad Chris Chuck Dave Deb Debbie
    Dee Dot Dottie Eddie Ed Freddie Fred Greg Hank Izzy Jake Jan Jen Jenny Jess Jim Jimmy Jo Josh Kate
    Kathy Katy Ken Kenny Kim Kris Lexi Liz Lizzie Lou Maddie Maggie Mandy Marge Marty Matt Meg Mick Mike
    Mikey Millie Nat Nate Ollie Pam Patsy Patti Patty Pete Phil Ricky Rick Robbie Ron Ronnie Sal Sam
    Sammy Shelly Steph Steve Susie Ted Teddy Terri Tess Tim Tina Toby Tom Tommy Toni Tony Trish Trudy
    Vicky Vicki Vinnie Walt Zach Zeke Bubba DeeDee Deedee Gigi Lulu Mo TJ Bubby Sissy Junior Missy Bobbie
    """.split()
)

# Given names that are also common words: names, but see AMBIGUOUS_FIRST_NAMES below.
WORD_FIRST_NAMES = frozenset(
    """
    Aimée Ambre Bill Blanche Céleste Constance Daisy Dawn Don Drew Frank Gene Holly Iris Ivy Joy Max Nick
    Olive Pat Penny Prudence Ray Rob Ruby Sandy Sue Victoire Violette Will
    """.split()
)

# Given names of members and relatives from every origin a French or English-speaking forum hears:
# North and West African, Vietnamese, Polish, Irish, Hispanic, African-American, Portuguese, Turkish,
# Italian... (issue 16: names outside the French and English top lists were missed).
WORLD_FIRST_NAMES = frozenset(
    """
    Abdallah Abdelaziz Abdelkrim Abdelhak Abdellah Abderrahmane Abdou Aboubacar Adama Aïssa Aïssatou Aicha
    Amadou Aminata Anouar Assia Aziz Badr Bakary Binta Boubacar Bouchra Brahim Chaïma Cheikh Cherif Coumba
    Dalila Djamel Djibril Driss Fadila Fadoua Fanta Fatiha Fatim Fodé Habib Hadja Hafsa Hajar Halima Hassan
    Hawa Houria Ibtissam Idriss Ilham Imane Issa Jamila Kadiatou Kadidia Kamel Kenza Khadidja Lamine Lassana
    Latifa Lounès Mamadou Mariam Mariétou Modou Mohand Mounir Mounia Moustapha Nabila Nadir Naoufel Nawel
    Nordine Ouafa Ousmane Rabah Ramatoulaye Rokia Saïd Salif Salimata Samira Seydou Siaka Slimane Souad
    Souleymane Soumaya Tahar Yacouba Yamina Yasmine Yassine Zakaria Zineb Zoubida Zoulikha
    Anh Bao Bich Binh Chau Cuong Duc Giang Hai Hanh Hieu Hoa Hoang Hong Hung Huong Huy Khanh Khoa Lan
    Linh Loan Minh Nga Ngoc Nhung Phong Phuc Phuong Quang Quoc Quynh Tam Thanh Thao Thi Thu
    Thuy Tien Trang Trinh Trung Tuan Tuyet Uyen Vinh Xuan Yen
    Agata Agnieszka Aleksandra Andrzej Bartosz Beata Bogdan Bożena Czesław Danuta Dariusz Dorota Elżbieta
    Ewa Grażyna Grzegorz Halina Irena Iwona Jacek Jadwiga Janusz Jarosław Jerzy Joanna Justyna Kasia
    Katarzyna Krystyna Krzysztof Łucja Łukasz Maciej Magda Magdalena Małgorzata Marek Mariusz Marta
    Michał Mirosław Paweł Piotr Przemysław Radosław Renata Ryszard Stanisław Tadeusz Teresa Tomasz
    Urszula Wiesław Wojciech Zbigniew Zofia Zosia
    Aisling Aoibhe Aoife Bríd Cathal Caoimhe Ciara Ciarán Ciaran Clodagh Colm Conor Cormac Dara Deirdre
    Diarmuid Donal Donnacha Eamon Éamon Eimear Eoin Fionn Fionnuala Gráinne Grainne Niall Niamh Oisín Orla
    Pádraig Padraig Ríona Róisín Roisin Rónán Ronan Saoirse Seamus Séamus Sinéad Sinead Siobhán Siobhan
    Tadhg Úna Tabitha Melody Rupert
    Alejandra Araceli Beatriz Carmela Consuelo Dolores Emiliano Esperanza Esteban Estela Fabiola Gerardo
    Graciela Guadalupe Guillermo Ignacio Inés Itzel Javier Jesús Joaquín Julián Leticia Lourdes Lupita
    Marisol Maribel Mercedes Milagros Nayeli Paloma Pilar Rafael Ramón Raúl Rocío Rodrigo Rosario Santiago
    Sergio Socorro Xiomara Ximena Yesenia Yolanda
    Aaliyah Akeem Alphonso Andre Antoine Aisha Ayanna Darius Darnell Dashawn DeAndre Deion Demetrius
    DeShawn Deshawn Dominique Ebony Imani Jada Jalen Jamal Jamar Jaylen Jazmine Jermaine Kareem Keisha
    Kendrick Keshawn Lakisha Lamar Latisha Latasha Latoya Marquis Monique Nia Precious Quanisha Rasheed
    Shanice Shaniqua Shanika Tameka Tamika Tanisha Terrell Tierra Trayvon Tyrone Tyrese Tyreek
    Ahmet Ayşe Burak Elif Emine Emre Fatma Hatice Hülya Kemal Mehmet Mustafa Özlem Yusuf Zeynep
    Alessandro Alessia Chiara Francesca Giovanni Giulia Giuseppe Lorenzo Matteo Paola Stefano
    Ana Catarina Conceição Fernanda Gonçalo Graça João Manuela Rui Tiago Vitória
    Ségolène Bérengère Ghislain Gwenaëlle Éloïse Anne-Sophie Jean-Baptiste Marie-Thérèse Pierre-Yves
    """.split()
)

FIRST_NAMES = (
    FRENCH_FIRST_NAMES
    | FRENCH_DIMINUTIVES
    | ENGLISH_FIRST_NAMES
    | ENGLISH_DIMINUTIVES
    | WORD_FIRST_NAMES
    | WORLD_FIRST_NAMES
)


# Given names that are also months: never a person without a title or a relative before them.
NEVER_ALONE = frozenset({"April", "May", "June", "August", "Avril", "Mai"})

# Given names that are also ordinary words; at the start of a sentence ("Hope this helps", "Will the
# infusion...", "Mark my words", "Grace period", "Rose-colored urine", "Pierre au rein", "Victoire !")
# they count only when a surname or a verb follows ("Will is my son", "Pierre m'a dit"). In lower
# case they are never names, even after a greeting ("merci grace à vous" is not a person).
AMBIGUOUS_FIRST_NAMES = frozenset(
    """
    Hope Faith Grace Grâce Joy Will Mark Frank Bill Sue Pat Jack Ray Rose Dawn Iris Gene Art Guy Don Carol
    Lily Daisy Holly Ivy Amber Ambre Penny Chase Hunter Max Rich Nick Rob Miles Drew Chance Sandy Patience
    Olive Marine Violette Prudence Constance Blanche Noël Victoire Aimée Céleste Line Summer Autumn Pierre
    Jade Ruby Pearl Willow Serenity Destiny Angel Sunny Ginger Basil Sage Crystal Candy Honey Royal Page
    Christian Ella Harmony Jordan Val Claire Colin Precious Junior Tam Mo Nia Graça Inés
    """.split()
)

# Given names that are also cities or states: after a place preposition ("à Nancy", "near Charlotte",
# "In Madison") or before a state code ("Austin, TX") they are the place.
PLACE_FIRST_NAMES = frozenset(
    """
    Nancy Florence Lourdes Charlotte Austin Madison Savannah Eugene Tyler Jackson Lincoln Orlando Victoria
    Sydney Adelaide Chester Troy Georgia Virginia Carolina Dakota Jordan Chelsea Camden Regina Aurora Dallas
    Houston Brooklyn Geneva Valence
    """.split()
)

# Names that are everyday words in lower case ("mon fils romain"? "merci jean" are names, but "bises
# mimi" and "ben oui" are not always): never read as names in lower case, whatever the context.
_LOWERCASE_WORDS = frozenset(
    """
    ben ed jan jo dot dee sal mimi lou tom marc jean serge romain germain clément constant maxime axel
    france lourdes juste modeste aimé désiré félix prosper lily eve louis martin colin alma mo tam junior
    precious hong thi an
    """.split()
)

# Lower-case spellings, for "ma fille léa" and "thanks deb" (only after a relative, greeting,
# introduction or sign-off: a lower-case word alone is never read as a name).
LOWERCASE_FIRST_NAMES = (
    frozenset(name.lower() for name in FIRST_NAMES if name not in AMBIGUOUS_FIRST_NAMES)
    - _LOWERCASE_WORDS
    - frozenset(name.lower() for name in NEVER_ALONE)
)
